// Symmetric eigendecomposition: Householder tridiagonalization + implicit QL with shifts (the EISPACK tred2/tql2
// pair, as in JAMA). Plain float64 arithmetic with only + - * / and sqrt, so results are bit-identical on every
// JavaScript engine: the transform that uses it must be deterministic. Cost about 9n^3 flops: n = 512 takes well
// under a second, n = 1024 a few seconds.

export interface Eigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Eigenvectors as rows (row i belongs to values[i]), row-major n x n. */
  vectors: Float64Array;
}

/** `a` is a symmetric n x n row-major matrix (only read). */
export function symmetricEigen(a: Float64Array, n: number): Eigen {
  // A is symmetric, so it is its own transpose: tred2 works on V transposed from the start, and hands tql2 the
  // eigenvectors as rows, where its rotations of vector pairs touch contiguous memory.
  const vt = a.slice();
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(vt, d, e, n);
  tql2(vt, d, e, n);
  const order = Array.from(d.keys()).sort((i, j) => d[j] - d[i] || i - j);
  const values = Float64Array.from(order, (i) => d[i]);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => vectors.set(vt.subarray(src * n, src * n + n), dst * n));
  return { values, vectors };
}

function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const big = x > y ? x : y;
  if (big === 0) return 0;
  const p = (x > y ? y : x) / big;
  return big * Math.sqrt(1 + p * p);
}

/**
 * Householder reduction to tridiagonal form, accumulating the transformations. `T` holds JAMA's V transposed: its
 * inner loops walk columns of V, which are contiguous rows of T (about 5x faster at n = 1024 than the strided walk).
 */
function tred2(T: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = T[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = T[j * n + i - 1];
        T[j * n + i] = 0;
        T[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        T[i * n + j] = f;
        g = e[j] + T[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += T[j * n + k] * d[k];
          e[k] += T[j * n + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) T[j * n + k] -= f * e[k] + g * d[k];
        d[j] = T[j * n + i - 1];
        T[j * n + i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    T[i * n + n - 1] = T[i * n + i];
    T[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = T[(i + 1) * n + k] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += T[(i + 1) * n + k] * T[j * n + k];
        for (let k = 0; k <= i; k++) T[j * n + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) T[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = T[j * n + n - 1];
    T[j * n + n - 1] = 0;
  }
  T[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e). `Vt` holds eigenvectors as rows (the transpose of JAMA's V). */
function tql2(Vt: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > eps * tst1) m++;
    if (m === n) m = n - 1;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 100) throw new Error('eigendecomposition did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const a = i * n;
          const b = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            const hk = Vt[b + k];
            Vt[b + k] = s * Vt[a + k] + c * hk;
            Vt[a + k] = c * Vt[a + k] - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
