// Finite-difference check of the encoder's hand-written backward pass, in float64 on a tiny configuration, with
// the engine's one gradient checker (src/engine/train/grad-check.ts). Dropout runs with a replayed mask so its
// backward is checked too. Used by tests/unit/sentiment/grad-check.test.ts.
import { mulberry32 } from '../../src/engine/random';
import { gradientCheck as checkGradients, type GradCheckResult } from '../../src/engine/train/grad-check';
import { softmaxCrossEntropy } from '../../src/engine/train/kernels/loss';
import { type DropoutSpec, Encoder } from './encoder';
import { type Arch, initParams } from './params';
import { pack } from './trainer';

export const TINY_ARCH: Arch = { vocab: 11, maxLen: 7, dModel: 8, heads: 2, ffn: 12, layers: 2, classes: 2 };

/** `corrupt` may tamper with the analytic gradients (tests use it to show that the check catches a bug). */
export function gradientCheck(arch: Arch = TINY_ARCH, dropoutP = 0.2, corrupt?: (grads: Record<string, Float64Array>) => void, h = 1e-5): GradCheckResult {
  const rng = mulberry32(99);
  const params = initParams(arch, rng, Float64Array) as Record<string, Float64Array>;
  // Move every parameter off its initial value (LayerNorm scale 1 / bias 0 would hide errors in their gradients).
  for (const p of Object.values(params)) for (let i = 0; i < p.length; i++) p[i] += 0.3 * (rng() - 0.5);
  const batch = pack([[2, 5, 6, 7, 3, 9, 3], [2, 8, 3], [4], [2, 10, 10, 1, 3]]); // a one-token sentence on purpose
  const labels = [1, 0, 1, 0];
  const net = new Encoder(arch, params, Float64Array);
  const drop = (): DropoutSpec | null => (dropoutP > 0 ? { p: dropoutP, rng: mulberry32(1234) } : null);
  const dl = new Float64Array(labels.length * arch.classes);
  return checkGradients({
    params,
    loss: () => softmaxCrossEntropy(net.forward(batch, drop()), labels, labels.length, arch.classes, dl).loss,
    gradients: () => {
      net.zeroGrads();
      net.backward(dl);
      corrupt?.(net.grads as Record<string, Float64Array>);
      return net.grads;
    },
  }, h);
}
