// Element-wise activations and dropout with their backward passes.
import type { Vec } from './vec';

/**
 * erf with |error| < 1.2e-7 (Numerical Recipes' erfc Chebyshev fit). JS has no Math.erf; this is far below the
 * 1e-4 the ONNX checks allow, and exported graphs use the exact Erf op.
 */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - erfc : erfc - 1;
}

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Exact (erf) GELU: x Φ(x), the form ONNX builds from Erf. */
export function gelu(x: Vec, y: Vec): void {
  for (let i = 0; i < x.length; i++) y[i] = 0.5 * x[i] * (1 + erf(x[i] * INV_SQRT2));
}

/** dx = dy (Φ(x) + x φ(x)). */
export function geluBackward(x: Vec, dy: Vec, dx: Vec): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    dx[i] = dy[i] * (0.5 * (1 + erf(v * INV_SQRT2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
  }
}

/** Inverted dropout: returns the scale mask (0 or 1/(1-p)) it applied to `x` in place, or null when p = 0. */
export function dropout(x: Vec, p: number, rng: (() => number) | null): Float32Array | null {
  if (!rng || p <= 0) return null;
  const keep = 1 / (1 - p);
  const mask = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    mask[i] = rng() < p ? 0 : keep;
    x[i] *= mask[i];
  }
  return mask;
}

export function applyMask(dy: Vec, mask: Float32Array | null): void {
  if (mask) for (let i = 0; i < dy.length; i++) dy[i] *= mask[i];
}
