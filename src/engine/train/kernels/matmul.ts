// Matrix products with their backward passes, row-major. Two layouts, because the committed models use both:
// `dense` is Gemm with transB=1 (weight [out, in], PyTorch style: digits CNN, language ID), `linear` is
// MatMul(x, W[in, out]) + b (the sentiment Transformer). Sums run in float64 (JS numbers) and are stored once.
import type { Vec, VecCtor } from './vec';

/**
 * C[m,n] (+)= Σ_k A[m,k] B[n,k] (A times B transposed; both read along k, contiguously). Computed in 2x2
 * blocks with four register accumulators: about 3x faster in V8 than the naive triple loop.
 */
export function matmulABt(a: Vec, b: Vec, M: number, N: number, K: number, c: Vec, accumulate: boolean, aOff = 0, bOff = 0, cOff = 0): void {
  for (let m = 0; m < M; m += 2) {
    const a0 = aOff + m * K, a1 = m + 1 < M ? a0 + K : a0; // odd M: the second row repeats the first, not stored
    for (let n = 0; n < N; n += 2) {
      const b0 = bOff + n * K, b1 = n + 1 < N ? b0 + K : b0;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = a[a0 + k], x1 = a[a1 + k], w0 = b[b0 + k], w1 = b[b1 + k];
        s00 += x0 * w0; s01 += x0 * w1; s10 += x1 * w0; s11 += x1 * w1;
      }
      const c0 = cOff + m * N + n;
      c[c0] = (accumulate ? c[c0] : 0) + s00;
      if (n + 1 < N) c[c0 + 1] = (accumulate ? c[c0 + 1] : 0) + s01;
      if (m + 1 < M) {
        c[c0 + N] = (accumulate ? c[c0 + N] : 0) + s10;
        if (n + 1 < N) c[c0 + N + 1] = (accumulate ? c[c0 + N + 1] : 0) + s11;
      }
    }
  }
}

export function transpose(x: Vec, rows: number, cols: number, offset = 0): Vec {
  const t = new (x.constructor as VecCtor)(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = x[offset + r * cols + c];
  return t;
}

/** y = x W + b with W stored [in, out] (the layout of an ONNX MatMul weight). */
export function linear(x: Vec, rows: number, inDim: number, w: Vec, b: Vec, outDim: number, y: Vec): void {
  matmulABt(x, transpose(w, inDim, outDim), rows, outDim, inDim, y, false);
  for (let r = 0; r < rows; r++) for (let o = 0; o < outDim; o++) y[r * outDim + o] += b[o];
}

/** Accumulates dW += xᵀ dy, db += Σ dy; writes dx = dy Wᵀ when `dx` is given. */
export function linearBackward(
  x: Vec, dy: Vec, rows: number, inDim: number, w: Vec, outDim: number, dx: Vec | null, dw: Vec, db: Vec,
): void {
  for (let r = 0; r < rows; r++) for (let o = 0; o < outDim; o++) db[o] += dy[r * outDim + o];
  matmulABt(transpose(x, rows, inDim), transpose(dy, rows, outDim), inDim, outDim, rows, dw, true);
  if (dx) matmulABt(dy, w, rows, inDim, outDim, dx, false);
}

/**
 * y[n, o] = b[o] + sum_i x[n, i] * w[o, i]  (Gemm with transB=1), optional ReLU; `b` may be null (no bias).
 * Four outputs per pass over x[n] so each input value is loaded once per 4 MACs.
 */
export function dense(x: Vec, batch: number, nIn: number, w: Vec, b: Vec | null, nOut: number, y: Vec, relu: boolean): void {
  for (let n = 0; n < batch; n++) {
    const xr = n * nIn;
    for (let o = 0; o < nOut; o += 4) {
      const m = Math.min(4, nOut - o); // rows past nOut read row o (harmless, discarded)
      const w0 = o * nIn, w1 = (o + (m > 1 ? 1 : 0)) * nIn, w2 = (o + (m > 2 ? 2 : 0)) * nIn, w3 = (o + (m > 3 ? 3 : 0)) * nIn;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < nIn; i++) {
        const xv = x[xr + i];
        s0 += xv * w[w0 + i]; s1 += xv * w[w1 + i]; s2 += xv * w[w2 + i]; s3 += xv * w[w3 + i];
      }
      const yr = n * nOut + o;
      y[yr] = act(s0 + (b ? b[o] : 0), relu);
      if (m > 1) y[yr + 1] = act(s1 + (b ? b[o + 1] : 0), relu);
      if (m > 2) y[yr + 2] = act(s2 + (b ? b[o + 2] : 0), relu);
      if (m > 3) y[yr + 3] = act(s3 + (b ? b[o + 3] : 0), relu);
    }
  }
}

const act = (v: number, relu: boolean): number => (relu && v < 0 ? 0 : v);

/**
 * Accumulates dW (and dB when given) for dense(); returns dX, or null when `wantDx` is false (a first layer
 * needs no input gradient). Loops ordered for contiguous rows.
 */
export function denseBackward(x: Vec, dY: Vec, batch: number, nIn: number, nOut: number, w: Vec, dW: Vec, dB: Vec | null, wantDx = true): Vec | null {
  if (dB) for (let n = 0; n < batch; n++) for (let o = 0; o < nOut; o++) dB[o] += dY[n * nOut + o];
  // dW[o, :] += sum_n dY[n, o] * x[n, :], two samples per pass.
  for (let o = 0; o < nOut; o++) {
    const wr = o * nIn;
    let n = 0;
    for (; n + 2 <= batch; n += 2) {
      const g0 = dY[n * nOut + o], g1 = dY[(n + 1) * nOut + o];
      if (g0 === 0 && g1 === 0) continue; // common after ReLU
      const x0 = n * nIn, x1 = x0 + nIn;
      for (let i = 0; i < nIn; i++) dW[wr + i] += g0 * x[x0 + i] + g1 * x[x1 + i];
    }
    for (; n < batch; n++) {
      const g = dY[n * nOut + o];
      for (let i = 0; i < nIn; i++) dW[wr + i] += g * x[n * nIn + i];
    }
  }
  if (!wantDx) return null;
  // dX[n, :] = sum_o dY[n, o] * w[o, :], two outputs per pass.
  const dX = new (x.constructor as VecCtor)(batch * nIn);
  for (let n = 0; n < batch; n++) {
    const xr = n * nIn;
    let o = 0;
    for (; o + 2 <= nOut; o += 2) {
      const g0 = dY[n * nOut + o], g1 = dY[n * nOut + o + 1];
      if (g0 === 0 && g1 === 0) continue;
      const w0 = o * nIn, w1 = w0 + nIn;
      for (let i = 0; i < nIn; i++) dX[xr + i] += g0 * w[w0 + i] + g1 * w[w1 + i];
    }
    for (; o < nOut; o++) {
      const g = dY[n * nOut + o];
      for (let i = 0; i < nIn; i++) dX[xr + i] += g * w[o * nIn + i];
    }
  }
  return dX;
}
