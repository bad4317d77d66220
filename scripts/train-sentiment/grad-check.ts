// Finite-difference check of the encoder's hand-written backward pass, in float64 on a tiny configuration.
// Every parameter entry is nudged by ±h and the loss change compared with the analytic gradient; dropout runs
// with a replayed mask so its backward is checked too. Used by tests/unit/sentiment/grad-check.test.ts.
import { mulberry32 } from '../train/rng';
import { type DropoutSpec, Encoder } from './encoder';
import { softmaxCrossEntropy } from './math';
import { type Arch, initParams, paramShapes } from './params';
import { pack } from './trainer';

export const TINY_ARCH: Arch = { vocab: 11, maxLen: 7, dModel: 8, heads: 2, ffn: 12, layers: 2, classes: 2 };

export interface GradCheckResult {
  checked: number;
  /** Largest |analytic - numeric| / max(|analytic| + |numeric|, floor) over all entries. */
  maxRelError: number;
  worst: string;
  /** Per parameter tensor: largest relative error. */
  perParam: Record<string, number>;
}

/** `corrupt` may tamper with the analytic gradients (tests use it to show that the check catches a bug). */
export function gradientCheck(arch: Arch = TINY_ARCH, dropoutP = 0.2, corrupt?: (grads: Record<string, Float64Array>) => void, h = 1e-5): GradCheckResult {
  const rng = mulberry32(99);
  const params = initParams(arch, rng, Float64Array);
  // Move every parameter off its initial value (LayerNorm scale 1 / bias 0 would hide errors in their gradients).
  for (const p of Object.values(params)) for (let i = 0; i < p.length; i++) p[i] += 0.3 * (rng() - 0.5);
  const batch = pack([[2, 5, 6, 7, 3, 9, 3], [2, 8, 3], [4], [2, 10, 10, 1, 3]]); // a one-token sentence on purpose
  const labels = [1, 0, 1, 0];
  const net = new Encoder(arch, params, Float64Array);
  const drop = (): DropoutSpec | null => (dropoutP > 0 ? { p: dropoutP, rng: mulberry32(1234) } : null);
  const dl = new Float64Array(labels.length * arch.classes);
  const loss = () => softmaxCrossEntropy(net.forward(batch, drop()), labels, labels.length, arch.classes, dl).loss;

  loss();
  net.zeroGrads();
  net.backward(dl);
  corrupt?.(net.grads as Record<string, Float64Array>);
  const perParam: Record<string, number> = {};
  let maxRelError = 0, worst = '', checked = 0;
  for (const [name] of paramShapes(arch)) {
    const p = params[name], g = net.grads[name];
    let worstHere = 0;
    for (let i = 0; i < p.length; i++) {
      const keep = p[i];
      p[i] = keep + h;
      const up = loss();
      p[i] = keep - h;
      const down = loss();
      p[i] = keep;
      const numeric = (up - down) / (2 * h);
      const rel = Math.abs(g[i] - numeric) / Math.max(Math.abs(g[i]) + Math.abs(numeric), 1e-6);
      checked++;
      if (rel > worstHere) worstHere = rel;
      if (rel > maxRelError) { maxRelError = rel; worst = `${name}[${i}] analytic ${g[i]} numeric ${numeric}`; }
    }
    perParam[name] = worstHere;
  }
  return { checked, maxRelError, worst, perParam };
}
