// An n-dimensional array as read from a user's file (.npy, .npz, JSON), before it is fitted to a model input.
export type NdDtype = 'float16' | 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool';

export type NdData = Float32Array | Float64Array | Uint16Array | Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

export interface NdArray {
  dtype: NdDtype;
  /** C order (row-major); [] for a scalar. */
  shape: number[];
  /** float16 as raw half bits (Uint16Array), bool as 0/1 bytes. */
  data: NdData;
  /** JSON numbers: no declared dtype, so whole numbers may feed integer inputs. */
  untyped?: true;
}

export const FLOAT_DTYPES: readonly NdDtype[] = ['float16', 'float32', 'float64'];

export function isFloat(dtype: NdDtype): boolean {
  return FLOAT_DTYPES.includes(dtype);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function formatShape(shape: readonly (number | string | null | undefined)[]): string {
  return shape.length ? shape.map((d) => (d === null || d === undefined ? '?' : String(d))).join(' × ') : '[]';
}
