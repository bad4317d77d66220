// Byte-level tensor edits shared by the pruning transforms: zeroing elements and slicing along an axis. They work on
// the stored bytes, so untouched values keep their exact bits whatever the float type (fp32, fp16, double).
import { DataType, elementCount, makeTensor, tensorDataBytes, tensorShape, type TensorProto, create } from '../../onnx';

const FLOAT_TYPES = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.DOUBLE]);

export function isFloatTensor(t: TensorProto): boolean {
  return FLOAT_TYPES.has(t.dataType);
}

export function elementBytes(t: TensorProto): number {
  const n = elementCount(tensorShape(t));
  return n === 0 ? 0 : tensorDataBytes(t) / n;
}

/**
 * The tensor's data as raw little-endian bytes (a fresh, aligned copy), whichever field the file used. Copies with
 * `new Uint8Array(view)`: in Node, decoded raw_data is a Buffer whose `slice()` does NOT copy but shares the pool.
 */
export function rawBytes(t: TensorProto): Uint8Array {
  if (t.rawData.length) return new Uint8Array(t.rawData);
  const view = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
  switch (t.dataType) {
    case DataType.FLOAT: return view(Float32Array.from(t.floatData));
    case DataType.DOUBLE: return view(Float64Array.from(t.doubleData));
    case DataType.FLOAT16: case DataType.UINT16: return view(Uint16Array.from(t.int32Data));
    case DataType.INT32: return view(Int32Array.from(t.int32Data));
    case DataType.INT8: return view(Int8Array.from(t.int32Data));
    case DataType.UINT8: case DataType.BOOL: return view(Uint8Array.from(t.int32Data));
    case DataType.INT64: return view(BigInt64Array.from(t.int64Data, (v) => BigInt(v)));
    default:
      if (elementCount(tensorShape(t)) === 0) return new Uint8Array(0);
      throw new Error(`tensor ${t.name}: cannot read data type ${t.dataType} as bytes`);
  }
}

function withBytes(t: TensorProto, dims: number[], bytes: Uint8Array): TensorProto {
  return create.tensor({ name: t.name, dataType: t.dataType, dims, rawData: bytes });
}

/**
 * A copy of `t` where every element whose flag is set becomes +0. `zero` is a byte mask, one byte per element.
 * Writing zero bits is +0.0 for every IEEE float type, so no float conversion (and no rounding) happens.
 */
export function zeroMasked(t: TensorProto, zero: Uint8Array): TensorProto {
  const bytes = rawBytes(t);
  const size = elementBytes(t);
  if (size === 4) {
    const v = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    for (let i = 0; i < v.length; i++) if (zero[i]) v[i] = 0;
  } else {
    for (let i = 0; i < zero.length; i++) if (zero[i]) bytes.fill(0, i * size, (i + 1) * size);
  }
  return withBytes(t, tensorShape(t), bytes);
}

/** Keeps the entries `keep` (ascending indices) along `axis`; other axes are untouched. */
export function sliceAxis(t: TensorProto, axis: number, keep: ArrayLike<number>): TensorProto {
  const dims = tensorShape(t);
  if (axis < 0 || axis >= dims.length) throw new Error(`tensor ${t.name}: no axis ${axis} in shape [${dims}]`);
  const size = elementBytes(t);
  const src = rawBytes(t);
  const outer = elementCount(dims.slice(0, axis));
  const inner = elementCount(dims.slice(axis + 1)) * size;
  const out = new Uint8Array(outer * keep.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    const base = a * dims[axis] * inner;
    for (let j = 0; j < keep.length; j++) {
      const from = base + keep[j] * inner;
      out.set(src.subarray(from, from + inner), o);
      o += inner;
    }
  }
  const newDims = dims.slice();
  newDims[axis] = keep.length;
  return withBytes(t, newDims, out);
}

/** Same name and shape as `t`, holding `values` (fp32 -> the tensor's float type). */
export function floatTensorLike(t: TensorProto, dims: number[], values: Float32Array): TensorProto {
  const type = t.dataType === DataType.FLOAT16 ? DataType.FLOAT16 : DataType.FLOAT;
  if (t.dataType === DataType.DOUBLE) return makeTensor(t.name, DataType.DOUBLE, dims, Float64Array.from(values));
  return makeTensor(t.name, type, dims, values);
}
