// Simulated ("fake") quantization for quantization-aware training: the forward pass sees each weight as the
// quantization step will store it (quantize, then dequantize, with that step's own quantizer and options), while
// the optimiser updates the float weights underneath (straight-through estimator: the gradient with respect to the
// dequantized weight is applied to the float one). Only weights are simulated, not int8 activation ranges.
import { attrInt, consumerMap, halfToFloat, floatToHalf, type ModelProto, type NodeProto } from '../onnx';
import { quantizeInt4Blocks } from '../transforms/int4/pack';
import { quantizeSymmetric } from '../transforms/quant/math';
import { transpose2d } from '../transforms/quant/weights';
import type { OptionValue } from '../transforms/types';

export type FakeQuant = (w: Float32Array) => Float32Array;

export type QuantScheme =
  | { kind: 'int8'; perChannel: boolean }
  | { kind: 'int4'; blockSize: number; symmetric: boolean }
  | { kind: 'fp16' };

/** The scheme a quantization step applies to weights, from its options; undefined for other techniques. */
export function schemeOf(transform: string, options: Record<string, OptionValue>): QuantScheme | undefined {
  if (transform === 'int8-dynamic' || transform === 'int8-qdq') return { kind: 'int8', perChannel: options.granularity === 'per-channel' };
  if (transform === 'int4') return { kind: 'int4', blockSize: Number(options.blockSize), symmetric: options.mode === 'symmetric' };
  if (transform === 'fp16') return { kind: 'fp16' };
  return undefined;
}

/**
 * Axes of a weight as the layer that reads it uses them: `out` is the output-channel axis (per-channel scales),
 * `k` the reduction axis (int4 blocks run along it).
 */
function weightAxes(reader: NodeProto, rank: number): { out: number; k: number } {
  if (reader.opType === 'Conv') return { out: 0, k: 1 };
  if (reader.opType === 'Gemm' && attrInt(reader, 'transB', 0) === 1) return { out: 0, k: 1 };
  return { out: rank - 1, k: rank - 2 };
}

export function fakeQuantizer(model: ModelProto, name: string, dims: readonly number[], scheme: QuantScheme): FakeQuant {
  if (scheme.kind === 'fp16') return (w) => Float32Array.from(w, (v) => halfToFloat(floatToHalf(v)));
  const reader = consumerMap(model.graph!).get(name)?.[0];
  if (!reader) throw new Error(`fake quantization: nothing reads ${name}`);
  const { out, k } = weightAxes(reader, dims.length);
  if (scheme.kind === 'int8') {
    return (w) => {
      const r = quantizeSymmetric(w, dims, out, scheme.perChannel);
      const inner = dims.slice(out + 1).reduce((a, b) => a * b, 1), channels = dims[out];
      return Float32Array.from(r.q as Int8Array, (q, i) => q * r.scales[scheme.perChannel ? Math.floor(i / inner) % channels : 0]);
    };
  }
  if (dims.length !== 2) throw new Error(`fake int4 quantization: ${name} is not a matrix`);
  const [rows, cols] = dims;
  const n = dims[out], kk = dims[k];
  return (w) => {
    // quantizeInt4Blocks wants [N, K]: row n holds output n's weights along K.
    const wT = out === 0 ? w : transpose2d(w, rows, cols);
    const r = quantizeInt4Blocks(wT, n, kk, scheme.blockSize, scheme.symmetric);
    const deq = new Float32Array(n * kk);
    const zpBlob = Math.ceil(r.kBlocks / 2), blob = scheme.blockSize / 2;
    for (let c = 0; c < n; c++) {
      for (let b = 0; b < r.kBlocks; b++) {
        const zp = r.zeroPoints ? (r.zeroPoints[c * zpBlob + (b >> 1)] >> ((b & 1) * 4)) & 15 : 8;
        const scale = r.scales[c * r.kBlocks + b];
        for (let j = 0; j < scheme.blockSize; j++) {
          const idx = b * scheme.blockSize + j;
          if (idx >= kk) break;
          const q = (r.packed[(c * r.kBlocks + b) * blob + (j >> 1)] >> ((j & 1) * 4)) & 15;
          deq[c * kk + idx] = (q - zp) * scale;
        }
      }
    }
    return out === 0 ? deq : transpose2d(deq, cols, rows);
  };
}
