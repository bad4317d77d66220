// float32 -> float16 for weights, with onnxconverter-common's clamping: values beyond the float16 range become
// ±65504 instead of ±Infinity, and tiny non-zero values become ±1e-7 instead of 0 (an epsilon of 1e-12 turning into
// 0 would make a normalization divide by zero). Inf and NaN stay as they are.
import { readFloat32, DataType, FP16_MAX, floatToHalf, makeTensor, tensorShape, type TensorProto } from '../../onnx';

/** onnxconverter-common's default min_positive_val. */
export const FP16_MIN_POSITIVE = 1e-7;

export interface HalfConversion {
  tensor: TensorProto;
  /** Finite values beyond ±65504, clamped. */
  large: number;
  /** Non-zero values closer to 0 than 1e-7, raised to ±1e-7. */
  tiny: number;
}

const HALF_MAX_BITS = floatToHalf(FP16_MAX);
const HALF_TINY_BITS = floatToHalf(FP16_MIN_POSITIVE);

export function toHalfTensor(source: TensorProto, name = source.name): HalfConversion {
  const values = readFloat32(source);
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const bits = new Uint16Array(values.length);
  let large = 0;
  let tiny = 0;
  for (let i = 0; i < values.length; i++) {
    const x = words[i];
    const e = ((x >>> 23) & 0xff) - 112; // float16 exponent
    if (e > 0 && e < 31) {
      // Normal float16 (the common case), inlined: round the mantissa to nearest even; a carry into the
      // exponent is correct, and 65504 < |v| < 65520 rounds to 65504 while larger values are clamped below.
      let h = ((x >>> 16) & 0x8000) | (e << 10) | ((x >>> 13) & 0x3ff);
      const rest = x & 0x1fff;
      if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h++;
      if ((h & 0x7fff) === 0x7c00) { // rounded up to Infinity: clamp
        h = (h & 0x8000) | HALF_MAX_BITS;
        large++;
      }
      bits[i] = h;
      continue;
    }
    const v = values[i];
    const a = Math.abs(v);
    if (a > FP16_MAX && a !== Infinity) {
      bits[i] = (v < 0 ? 0x8000 : 0) | HALF_MAX_BITS;
      large++;
    } else if (a < FP16_MIN_POSITIVE && a > 0) {
      bits[i] = (v < 0 ? 0x8000 : 0) | HALF_TINY_BITS;
      tiny++;
    } else {
      bits[i] = floatToHalf(v); // zero, subnormal range, Inf, NaN
    }
  }
  return { tensor: makeTensor(name, DataType.FLOAT16, tensorShape(source), bits), large, tiny };
}
