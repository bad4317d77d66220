// TensorProto <-> typed arrays. ONNX stores data either in raw_data (little-endian bytes) or in typed repeated
// fields (float_data, int32_data for 8/16-bit types and fp16 bits, int64_data); readers accept both, writers
// always emit raw_data because it is the compact form every runtime reads.
import { create, int64, type TensorProto } from './proto';
import { fromHalfArray, toHalfArray } from './float16';

export const DataType = {
  FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, BFLOAT16: 16, UINT4: 21, INT4: 22,
} as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

const BITS: Record<number, number> = { 1: 32, 2: 8, 3: 8, 4: 16, 5: 16, 6: 32, 7: 64, 9: 8, 10: 16, 11: 64, 12: 32, 13: 64, 16: 16, 21: 4, 22: 4 };

export function dataTypeName(t: number): string {
  return Object.entries(DataType).find(([, v]) => v === t)?.[0] ?? `type ${t}`;
}

export function tensorShape(t: TensorProto): number[] {
  return t.dims.map(int64);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes the tensor's data takes when stored as raw_data (int4 packs two per byte). */
export function tensorDataBytes(t: TensorProto): number {
  const bits = BITS[t.dataType];
  if (!bits) return t.rawData.length;
  return Math.ceil((elementCount(tensorShape(t)) * bits) / 8);
}

/**
 * An aligned copy of raw bytes, so typed-array views over it are legal whatever the source offset.
 * (Not `raw.slice()`: on a Node Buffer, which is what protobufjs decodes into under Node, slice is a view.)
 */
function aligned(raw: Uint8Array): ArrayBuffer {
  return new Uint8Array(raw).buffer as ArrayBuffer;
}

function hasRaw(t: TensorProto): boolean {
  return t.rawData.length > 0;
}

/** Any float tensor (fp32, fp16, bf16 excluded, double) as Float32Array; integer tensors convert too. */
export function readFloat32(t: TensorProto): Float32Array {
  const n = elementCount(tensorShape(t));
  switch (t.dataType) {
    case DataType.FLOAT:
      return hasRaw(t) ? new Float32Array(aligned(t.rawData)) : Float32Array.from(t.floatData);
    case DataType.FLOAT16:
      return fromHalfArray(hasRaw(t) ? new Uint16Array(aligned(t.rawData)) : Uint16Array.from(t.int32Data));
    case DataType.DOUBLE:
      return Float32Array.from(hasRaw(t) ? new Float64Array(aligned(t.rawData)) : t.doubleData);
    default: {
      const ints = readIntegers(t);
      if (ints.length !== n) throw new Error(`tensor ${t.name}: expected ${n} values, found ${ints.length}`);
      return Float32Array.from(ints);
    }
  }
}

/** Integer tensors (int4..int64, bool) as plain numbers; int64 beyond 2^53 loses precision (never a weight). */
export function readIntegers(t: TensorProto): number[] {
  const n = elementCount(tensorShape(t));
  const dt = t.dataType;
  if (dt === DataType.INT4 || dt === DataType.UINT4) {
    return Array.from(unpackInt4(t.rawData, n, dt === DataType.INT4));
  }
  if (!hasRaw(t)) {
    if (dt === DataType.INT64 || dt === DataType.UINT64) return (dt === DataType.INT64 ? t.int64Data : t.uint64Data).map(int64);
    return t.int32Data.slice();
  }
  const buf = aligned(t.rawData);
  switch (dt) {
    case DataType.UINT8: case DataType.BOOL: return Array.from(new Uint8Array(buf));
    case DataType.INT8: return Array.from(new Int8Array(buf));
    case DataType.UINT16: return Array.from(new Uint16Array(buf));
    case DataType.INT16: return Array.from(new Int16Array(buf));
    case DataType.INT32: return Array.from(new Int32Array(buf));
    case DataType.UINT32: return Array.from(new Uint32Array(buf));
    case DataType.INT64: return Array.from(new BigInt64Array(buf), Number);
    case DataType.UINT64: return Array.from(new BigUint64Array(buf), Number);
    default: throw new Error(`tensor ${t.name}: ${dataTypeName(dt)} is not an integer type`);
  }
}

type Data = Float32Array | Uint16Array | Int8Array | Uint8Array | Int32Array | BigInt64Array | Float64Array;

/** A TensorProto with raw_data. For FLOAT16 pass the fp16 bits (Uint16Array) or floats to convert. */
export function makeTensor(name: string, dataType: DataType, dims: readonly number[], data: Data | readonly number[]): TensorProto {
  let raw: Uint8Array;
  if (dataType === DataType.INT4 || dataType === DataType.UINT4) {
    raw = packInt4(data as ArrayLike<number>);
  } else if (dataType === DataType.FLOAT16 && data instanceof Float32Array) {
    raw = bytesOf(toHalfArray(data));
  } else if (ArrayBuffer.isView(data)) {
    raw = bytesOf(data);
  } else {
    raw = bytesOf(typedFrom(dataType, data as readonly number[]));
  }
  const count = elementCount(dims);
  const expected = Math.ceil((count * BITS[dataType]) / 8);
  if (raw.length !== expected) throw new Error(`tensor ${name}: ${raw.length} bytes for ${count} ${dataTypeName(dataType)} values`);
  return create.tensor({ name, dataType, dims: [...dims], rawData: raw });
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}

function typedFrom(dt: DataType, v: readonly number[]): ArrayBufferView {
  switch (dt) {
    case DataType.FLOAT: return Float32Array.from(v);
    case DataType.DOUBLE: return Float64Array.from(v);
    case DataType.FLOAT16: return toHalfArray(Float32Array.from(v));
    case DataType.INT8: return Int8Array.from(v);
    case DataType.UINT8: case DataType.BOOL: return Uint8Array.from(v);
    case DataType.INT16: return Int16Array.from(v);
    case DataType.UINT16: return Uint16Array.from(v);
    case DataType.INT32: return Int32Array.from(v);
    case DataType.UINT32: return Uint32Array.from(v);
    case DataType.INT64: return BigInt64Array.from(v, (x) => BigInt(x));
    case DataType.UINT64: return BigUint64Array.from(v, (x) => BigInt(x));
    default: throw new Error(`cannot write ${dataTypeName(dt)} values`);
  }
}

/** Packs 4-bit values two per byte, first element in the low nibble (ONNX INT4/UINT4 and MatMulNBits layout). */
export function packInt4(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.ceil(values.length / 2));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < -8 || v > 15 || !Number.isInteger(v)) throw new Error(`packInt4: ${v} does not fit in 4 bits`);
    out[i >> 1] |= (v & 0xf) << ((i & 1) * 4);
  }
  return out;
}

export function unpackInt4(bytes: Uint8Array, count: number, signed: boolean): Int8Array | Uint8Array {
  const out = signed ? new Int8Array(count) : new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const nib = (bytes[i >> 1] >> ((i & 1) * 4)) & 0xf;
    out[i] = signed && nib > 7 ? nib - 16 : nib;
  }
  return out;
}
