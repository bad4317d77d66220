// Ridge least squares for one layer, in float64: given rows x (the layer's inputs, bias column included) and
// targets y (the reference layer's outputs), find W minimizing ||X W - Y||² + λ' ||D (W - W0)||², where D picks
// the weight columns (never the bias) and W0 is the layer's current weights. Shrinking toward W0 instead of zero
// matters when rows are few for the inputs (a Gemm gets one row per sample): the fit then stays near the pruned
// layer instead of collapsing toward zero weights. λ' = λ × the mean of diag(XᵀX) over the weight columns, so λ
// is scale-free. Normal equations (XᵀX + λ'D) W = XᵀY + λ'D W0, solved by Cholesky.

export interface RidgeProblem {
  /** Rows × k inputs, row-major. */
  x: Float32Array;
  /** Rows × m targets, row-major. */
  y: Float32Array;
  rows: number;
  k: number;
  m: number;
  /** k × m starting weights (row i = input i), the ridge prior. */
  w0: Float64Array;
  /** Columns not regularized (the bias column of ones). */
  unpenalized: ReadonlySet<number>;
  lambda: number;
}

/** XᵀX (k × k, full) and XᵀY (k × m), accumulated in float64; zero inputs (after ReLU, padding) are skipped. */
export function normalMatrices(x: Float32Array, y: Float32Array, rows: number, k: number, m: number): { gram: Float64Array; cross: Float64Array } {
  const gram = new Float64Array(k * k);
  const cross = new Float64Array(k * m);
  const xr = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) xr[i] = x[r * k + i];
    const yo = r * m;
    for (let i = 0; i < k; i++) {
      const xi = xr[i];
      if (xi === 0) continue;
      const gi = i * k;
      for (let j = i; j < k; j++) gram[gi + j] += xi * xr[j];
      const ci = i * m;
      for (let c = 0; c < m; c++) cross[ci + c] += xi * y[yo + c];
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) gram[i * k + j] = gram[j * k + i];
  return { gram, cross };
}

export interface RidgeFit {
  /** k × m, row i = input i. */
  w: Float64Array;
  /** ||X W - Y||² on the rows (without the penalty), from the normal matrices: no second pass over the rows. */
  residual: number;
}

/** Solves the ridge problem; throws SingularSystemError when the system is singular. */
export function solveRidge(p: RidgeProblem): RidgeFit {
  const { k, m } = p;
  const { gram, cross } = normalMatrices(p.x, p.y, p.rows, k, m);
  const a = gram.slice();
  const b = cross.slice();
  let diag = 0;
  let penalized = 0;
  for (let i = 0; i < k; i++) {
    if (p.unpenalized.has(i)) continue;
    diag += gram[i * k + i];
    penalized++;
  }
  const lambda = penalized ? (p.lambda * diag) / penalized : 0;
  for (let i = 0; i < k; i++) {
    if (p.unpenalized.has(i) || lambda === 0) continue;
    a[i * k + i] += lambda;
    for (let c = 0; c < m; c++) b[i * m + c] += lambda * p.w0[i * m + c];
  }
  const w = choleskySolve(a, k, b, m);
  // ||XW - Y||² = Σ_c (w_cᵀ G w_c − 2 w_cᵀ h_c) + ||Y||².
  let residual = 0;
  for (let i = 0; i < p.rows * m; i++) residual += p.y[i] * p.y[i];
  for (let i = 0; i < k; i++) {
    for (let c = 0; c < m; c++) {
      let gw = 0;
      for (let j = 0; j < k; j++) gw += gram[i * k + j] * w[j * m + c];
      residual += w[i * m + c] * (gw - 2 * cross[i * m + c]);
    }
  }
  return { w, residual: Math.max(0, residual) };
}

/** Solves A X = B for symmetric positive definite A (n × n) and B (n × m); both row-major, A is overwritten. */
export function choleskySolve(a: Float64Array, n: number, b: Float64Array, m: number): Float64Array {
  // A = L Lᵀ, L stored in the lower triangle of `a`.
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let p = 0; p < j; p++) d -= a[j * n + p] * a[j * n + p];
    if (!(d > 0)) throw new SingularSystemError(`the inputs are linearly dependent (pivot ${j + 1} of ${n} is ${d.toPrecision(3)})`, `输入线性相关（第 ${j + 1} 个主元，共 ${n} 个，值为 ${d.toPrecision(3)}）`);
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let p = 0; p < j; p++) s -= a[i * n + p] * a[j * n + p];
      a[i * n + j] = s / ljj;
    }
  }
  const x = b.slice();
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) { // L z = b
      let s = x[i * m + c];
      for (let p = 0; p < i; p++) s -= a[i * n + p] * x[p * m + c];
      x[i * m + c] = s / a[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) { // Lᵀ x = z
      let s = x[i * m + c];
      for (let p = i + 1; p < n; p++) s -= a[p * n + i] * x[p * m + c];
      x[i * m + c] = s / a[i * n + i];
    }
  }
  return x;
}

/** A least-squares system without a unique solution; `zh`: the message in Chinese, for the report row. */
export class SingularSystemError extends Error {
  constructor(message: string, readonly zh: string) {
    super(message);
  }
}
