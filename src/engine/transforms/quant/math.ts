// Quantization arithmetic shared by the int8 and int4 techniques: scales and zero points, round-half-to-even
// (what numpy and ORT's QuantizeLinear use), and weight quantization along one channel axis. Plain typed-array
// loops with no allocation per element, so a 10 MB model quantizes in well under a second.

/** Round half to even, like numpy.rint and std::nearbyint in ORT's kernels. */
export function rint(x: number): number {
  // Adding and removing 1.5 * 2^52 leaves no fraction bits, so the FPU rounds (half to even) for |x| < 2^51.
  return x + ROUNDER - ROUNDER;
}

/** 1.5 * 2^52: see rint. Hot loops inline `x + ROUNDER - ROUNDER` instead of calling rint. */
export const ROUNDER = 6755399441055744;

/** How a tensor is laid out around a channel axis: element (o, c, i) sits at (o * channels + c) * inner + i. */
export interface ChannelLayout {
  outer: number;
  channels: number;
  inner: number;
}

/** `axis` null means one channel (per-tensor quantization). */
export function channelLayout(dims: readonly number[], axis: number | null): ChannelLayout {
  if (axis === null) return { outer: 1, channels: 1, inner: dims.reduce((a, b) => a * b, 1) };
  const prod = (a: readonly number[]) => a.reduce((x, y) => x * y, 1);
  return { outer: prod(dims.slice(0, axis)), channels: dims[axis], inner: prod(dims.slice(axis + 1)) };
}

/** Largest |value| of each channel. */
export function channelAbsMax(values: Float32Array, layout: ChannelLayout): Float32Array {
  const { outer, channels, inner } = layout;
  const out = new Float32Array(channels);
  let p = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      let m = out[c];
      for (let i = 0; i < inner; i++, p++) {
        const a = Math.abs(values[p]);
        if (a > m) m = a;
      }
      out[c] = m;
    }
  }
  return out;
}

export interface SymmetricResult {
  /** Quantized values, already offset by 128 when stored as uint8. */
  q: Int8Array | Uint8Array;
  /** One scale per channel, or a single one per tensor (float32 values, as stored in the model). */
  scales: Float32Array;
  /** Sums of squared dequantization errors and of squared weights, overall and per output channel. */
  sqErr: number;
  sqRef: number;
  channelSqErr: Float64Array;
  channelSqRef: Float64Array;
}

/**
 * Symmetric linear quantization to [-qmax, qmax] (ORT uses qmax 127 for int8 weights), with one scale per channel
 * along `axis` or one for the whole tensor. Errors are measured per channel of `axis` either way, so per-tensor and
 * per-channel results can be compared channel by channel. With `unsigned`, values are stored as uint8 = q + 128
 * (zero point 128), for ConvInteger, whose CPU kernel only takes uint8 weights.
 */
export function quantizeSymmetric(values: Float32Array, dims: readonly number[], axis: number, perChannel: boolean, qmax = 127, unsigned = false): SymmetricResult {
  const layout = channelLayout(dims, axis);
  const { outer, channels, inner } = layout;
  const absMax = channelAbsMax(values, layout);
  if (!perChannel) absMax.fill(absMax.reduce((a, b) => Math.max(a, b), 0));
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    // An all-zero channel gets scale 1 so that nothing divides by zero; its values all quantize to 0.
    scales[c] = absMax[c] > 0 ? Math.fround(absMax[c] / qmax) : 1;
  }
  const q = new Int8Array(values.length);
  const channelSqErr = new Float64Array(channels);
  const channelSqRef = new Float64Array(channels);
  let p = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const s = scales[c];
      const is = 1 / s;
      let err = 0;
      let ref = 0;
      for (let i = 0; i < inner; i++, p++) {
        const v = values[p];
        let k = v * is + ROUNDER - ROUNDER; // rint, inlined: this loop is the hot path of int8 quantization
        if (k > qmax) k = qmax;
        else if (k < -qmax) k = -qmax;
        q[p] = k;
        const e = v - k * s;
        err += e * e;
        ref += v * v;
      }
      channelSqErr[c] += err;
      channelSqRef[c] += ref;
    }
  }
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
  const stored = unsigned ? toOffsetUint8(q) : q;
  return { q: stored, scales: perChannel ? scales : scales.subarray(0, 1), sqErr: sum(channelSqErr), sqRef: sum(channelSqRef), channelSqErr, channelSqRef };
}

/** int8 k -> uint8 k + 128, in place on the same bytes: adding 128 flips the top bit of a two's-complement byte. */
function toOffsetUint8(q: Int8Array): Uint8Array {
  const u = new Uint8Array(q.buffer, q.byteOffset, q.length);
  for (let i = 0; i < u.length; i++) u[i] ^= 0x80;
  return u;
}

/** The largest relative RMSE over the output channels: shows a channel that per-tensor scales wiped out. */
export function worstChannelError(r: SymmetricResult): number {
  let worst = 0;
  for (let c = 0; c < r.channelSqErr.length; c++) worst = Math.max(worst, relativeRmse(r.channelSqErr[c], r.channelSqRef[c]));
  return worst;
}

/** Relative RMSE of a quantized tensor: sqrt(sum (w - dq(q(w)))^2 / sum w^2); 0 for an all-zero tensor. */
export function relativeRmse(sqErr: number, sqRef: number): number {
  return sqRef > 0 ? Math.sqrt(sqErr / sqRef) : 0;
}

export type ActivationType = 'int8' | 'int8-symmetric' | 'uint8';

export interface QParams {
  scale: number;
  zeroPoint: number;
  /** Whether the quantized type is int8 (else uint8). */
  signed: boolean;
}

/**
 * Scale and zero point for an observed range, as ORT's compute_scale_zp does: the range always includes 0 (so 0
 * is exact, which padding and ReLU need); symmetric int8 uses [-127, 127] with zero point 0.
 */
export function activationParams(min: number, max: number, type: ActivationType): QParams {
  let lo = Math.min(min, 0);
  let hi = Math.max(max, 0);
  if (type === 'int8-symmetric') {
    const a = Math.max(-lo, hi);
    lo = -a;
    hi = a;
  }
  const [qmin, qmax] = type === 'uint8' ? [0, 255] : type === 'int8' ? [-128, 127] : [-127, 127];
  let scale = Math.fround((hi - lo) / (qmax - qmin));
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1; // constant-zero tensor (or no data): any scale is exact
  const zeroPoint = type === 'int8-symmetric' ? 0 : Math.min(qmax, Math.max(qmin, rint(qmin - lo / scale)));
  return { scale, zeroPoint, signed: type !== 'uint8' };
}
