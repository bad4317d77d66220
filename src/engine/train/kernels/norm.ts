// LayerNormalization over the last axis, with its backward pass.
import type { Vec } from './vec';

export const LN_EPS = 1e-5;

export interface NormCache {
  xhat: Vec;
  rstd: Float64Array;
}

/** LayerNormalization over the last axis (biased variance, eps inside the root), as ONNX defines it. */
export function layerNorm(x: Vec, rows: number, dim: number, gamma: Vec, beta: Vec | null, y: Vec, xhat: Vec, eps = LN_EPS): NormCache {
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let mean = 0;
    for (let i = 0; i < dim; i++) mean += x[o + i];
    mean /= dim;
    let v = 0;
    for (let i = 0; i < dim; i++) v += (x[o + i] - mean) ** 2;
    const s = 1 / Math.sqrt(v / dim + eps);
    rstd[r] = s;
    for (let i = 0; i < dim; i++) {
      const h = (x[o + i] - mean) * s;
      xhat[o + i] = h;
      y[o + i] = h * gamma[i] + (beta ? beta[i] : 0);
    }
  }
  return { xhat, rstd };
}

/** dx = rstd (g - mean(g) - xhat mean(g xhat)) with g = dy γ; accumulates dγ, dβ. Adds into dx (residuals). */
export function layerNormBackward(dy: Vec, rows: number, dim: number, gamma: Vec, c: NormCache, dx: Vec, dgamma: Vec | null, dbeta: Vec | null): void {
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let mg = 0, mgx = 0;
    for (let i = 0; i < dim; i++) {
      const g = dy[o + i] * gamma[i];
      mg += g;
      mgx += g * c.xhat[o + i];
      if (dgamma) dgamma[i] += dy[o + i] * c.xhat[o + i];
      if (dbeta) dbeta[i] += dy[o + i];
    }
    mg /= dim;
    mgx /= dim;
    const s = c.rstd[r];
    for (let i = 0; i < dim; i++) dx[o + i] += s * (dy[o + i] * gamma[i] - mg - c.xhat[o + i] * mgx);
  }
}
