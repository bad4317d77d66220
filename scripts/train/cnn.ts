// The small CNN: forward pass (also used as the reference for the ONNX check),
// backward pass and parameter bookkeeping. Layout is NCHW, like the ONNX graph.
//   conv1 3x3 1->C1, pad 1, ReLU, maxpool 2   28x28 -> 14x14
//   conv2 3x3 C1->C2, pad 1, ReLU, maxpool 2  14x14 -> 7x7
//   flatten (C2*49), fc1 -> H, ReLU, fc2 -> 10 logits
import { PIXELS } from './data';
import { col2im3x3, convMatmulBackward, convMatmulRelu, im2col3x3, maxPool2 } from './ops';
import { gaussian, type Rng } from './rng';

export const ARCH = { c1: 8, c2: 16, hidden: 64, classes: 10 } as const;
const { c1: C1, c2: C2, hidden: H, classes: NC } = ARCH;
const FLAT = C2 * 49;

/** Parameter names double as ONNX initializer names; shapes are PyTorch-style. */
export const PARAM_SHAPES = {
  'conv1.weight': [C1, 1, 3, 3],
  'conv1.bias': [C1],
  'conv2.weight': [C2, C1, 3, 3],
  'conv2.bias': [C2],
  'fc1.weight': [H, FLAT], // [out, in]: exported as Gemm with transB=1
  'fc1.bias': [H],
  'fc2.weight': [NC, H],
  'fc2.bias': [NC],
} as const;
export type ParamName = keyof typeof PARAM_SHAPES;
export type Params = Record<ParamName, Float32Array>;
export const PARAM_NAMES = Object.keys(PARAM_SHAPES) as ParamName[];

export const sizeOf = (name: ParamName): number => PARAM_SHAPES[name].reduce((a: number, b: number) => a * b, 1);

export function zeroParams(): Params {
  const p = {} as Params;
  for (const name of PARAM_NAMES) p[name] = new Float32Array(sizeOf(name));
  return p;
}

/** He-normal weights (fan-in, suits ReLU), zero biases. */
export function initParams(rng: Rng): Params {
  const p = zeroParams();
  for (const name of PARAM_NAMES) {
    if (name.endsWith('.bias')) continue;
    const shape = PARAM_SHAPES[name];
    const fanIn = sizeOf(name) / shape[0];
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < p[name].length; i++) p[name][i] = gaussian(rng) * std;
  }
  return p;
}

/** Forward/backward for batches of up to `maxBatch`, reusing preallocated buffers. */
export class Cnn {
  readonly grads = zeroParams();
  private readonly col1: Float32Array;
  private readonly a1: Float32Array;
  private readonly p1: Float32Array;
  private readonly arg1: Int32Array;
  private readonly col2: Float32Array;
  private readonly a2: Float32Array;
  private readonly arg2: Int32Array;
  private readonly flat: Float32Array; // pooled conv2 output == Flatten
  private readonly h: Float32Array;
  readonly logits: Float32Array;
  private readonly dCol2 = new Float32Array(C1 * 9 * 196);

  constructor(readonly params: Params, readonly maxBatch: number) {
    const b = maxBatch;
    this.col1 = new Float32Array(b * 9 * 784);
    this.a1 = new Float32Array(b * C1 * 784);
    this.p1 = new Float32Array(b * C1 * 196);
    this.arg1 = new Int32Array(b * C1 * 196);
    this.col2 = new Float32Array(b * C1 * 9 * 196);
    this.a2 = new Float32Array(b * C2 * 196);
    this.arg2 = new Int32Array(b * FLAT);
    this.flat = new Float32Array(b * FLAT);
    this.h = new Float32Array(b * H);
    this.logits = new Float32Array(b * NC);
  }

  /** x: batch * 784 floats in 0..1. Leaves logits in this.logits. */
  forward(x: Float32Array, batch: number): Float32Array {
    if (batch > this.maxBatch) throw new Error(`batch ${batch} > maxBatch ${this.maxBatch}`);
    const p = this.params;
    for (let n = 0; n < batch; n++) {
      im2col3x3(x, n * PIXELS, 1, 28, this.col1, n * 9 * 784);
      convMatmulRelu(p['conv1.weight'], p['conv1.bias'], this.col1, n * 9 * 784, C1, 9, 784, this.a1, n * C1 * 784);
      maxPool2(this.a1, n * C1 * 784, C1, 28, this.p1, n * C1 * 196, this.arg1);
      im2col3x3(this.p1, n * C1 * 196, C1, 14, this.col2, n * C1 * 9 * 196);
      convMatmulRelu(p['conv2.weight'], p['conv2.bias'], this.col2, n * C1 * 9 * 196, C2, C1 * 9, 196, this.a2, n * C2 * 196);
      maxPool2(this.a2, n * C2 * 196, C2, 14, this.flat, n * FLAT, this.arg2);
    }
    dense(this.flat, batch, FLAT, p['fc1.weight'], p['fc1.bias'], H, this.h, true);
    dense(this.h, batch, H, p['fc2.weight'], p['fc2.bias'], NC, this.logits, false);
    return this.logits;
  }

  /**
   * Softmax cross-entropy (mean over the batch) on the last forward pass;
   * overwrites this.grads. Returns summed loss and number of correct argmaxes.
   */
  backward(labels: Uint8Array, labelOff: number, batch: number): { lossSum: number; correct: number } {
    const p = this.params;
    const g = this.grads;
    for (const name of PARAM_NAMES) g[name].fill(0);
    const dLogits = new Float32Array(batch * NC);
    let lossSum = 0;
    let correct = 0;
    for (let n = 0; n < batch; n++) {
      const y = labels[labelOff + n];
      const z = this.logits.subarray(n * NC, (n + 1) * NC);
      let max = z[0];
      let arg = 0;
      for (let k = 1; k < NC; k++) if (z[k] > max) { max = z[k]; arg = k; }
      if (arg === y) correct++;
      let sum = 0;
      for (let k = 0; k < NC; k++) sum += Math.exp(z[k] - max);
      lossSum += Math.log(sum) - (z[y] - max);
      for (let k = 0; k < NC; k++) dLogits[n * NC + k] = (Math.exp(z[k] - max) / sum - (k === y ? 1 : 0)) / batch;
    }
    const dH = denseBackward(this.h, dLogits, batch, H, NC, p['fc2.weight'], g['fc2.weight'], g['fc2.bias']);
    for (let i = 0; i < batch * H; i++) if (this.h[i] <= 0) dH[i] = 0; // ReLU
    const dFlat = denseBackward(this.flat, dH, batch, FLAT, H, p['fc1.weight'], g['fc1.weight'], g['fc1.bias']);
    // Unpool2 + ReLU2 -> conv2 -> col2im -> unpool1 + ReLU1 -> conv1 (weights only).
    const dA2 = new Float32Array(batch * C2 * 196);
    for (let i = 0; i < batch * FLAT; i++) if (this.flat[i] > 0) dA2[this.arg2[i]] += dFlat[i];
    const dP1 = new Float32Array(batch * C1 * 196);
    for (let n = 0; n < batch; n++) {
      convMatmulBackward(p['conv2.weight'], this.col2, n * C1 * 9 * 196, dA2, n * C2 * 196, C2, C1 * 9, 196, g['conv2.weight'], g['conv2.bias'], this.dCol2);
      col2im3x3(this.dCol2, C1, 14, dP1, n * C1 * 196);
    }
    const dA1 = new Float32Array(batch * C1 * 784);
    for (let i = 0; i < batch * C1 * 196; i++) if (this.p1[i] > 0) dA1[this.arg1[i]] += dP1[i];
    for (let n = 0; n < batch; n++) {
      convMatmulBackward(p['conv1.weight'], this.col1, n * 9 * 784, dA1, n * C1 * 784, C1, 9, 784, g['conv1.weight'], g['conv1.bias'], null);
    }
    return { lossSum, correct };
  }
}

/**
 * y[n, o] = b[o] + sum_i x[n, i] * w[o, i]  (Gemm with transB=1), optional ReLU.
 * Four outputs per pass over x[n] so each input value is loaded once per 4 MACs.
 */
function dense(x: Float32Array, batch: number, nIn: number, w: Float32Array, b: Float32Array, nOut: number, y: Float32Array, relu: boolean): void {
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
      y[yr] = act(s0 + b[o], relu);
      if (m > 1) y[yr + 1] = act(s1 + b[o + 1], relu);
      if (m > 2) y[yr + 2] = act(s2 + b[o + 2], relu);
      if (m > 3) y[yr + 3] = act(s3 + b[o + 3], relu);
    }
  }
}

const act = (v: number, relu: boolean): number => (relu && v < 0 ? 0 : v);

/** Accumulates dW, dB and returns dX for dense(); loops ordered for contiguous rows. */
function denseBackward(x: Float32Array, dY: Float32Array, batch: number, nIn: number, nOut: number, w: Float32Array, dW: Float32Array, dB: Float32Array): Float32Array {
  const dX = new Float32Array(batch * nIn);
  for (let n = 0; n < batch; n++) for (let o = 0; o < nOut; o++) dB[o] += dY[n * nOut + o];
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
  // dX[n, :] = sum_o dY[n, o] * w[o, :], two outputs per pass.
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
