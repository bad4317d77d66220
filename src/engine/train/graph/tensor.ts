// The graph engine's tensors: float data in the program's precision (Float32Array when training, Float64Array
// in gradient checks), integer and boolean data (ids, shapes, masks) as exact numbers in a Float64Array.
import type { PlainTensor } from '../../tensor-data';
import type { Vec, VecCtor } from '../kernels/vec';

export interface Tensor {
  dims: number[];
  data: Vec;
  /** Integer or boolean values (never differentiated). */
  int: boolean;
}

export const sizeOf = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

export const floatTensor = (dims: number[], data: Vec): Tensor => ({ dims, data, int: false });
export const intTensor = (dims: number[], data: ArrayLike<number>): Tensor => ({ dims, data: Float64Array.from(data), int: true });

/** Feeds from a runner-style PlainTensor (what adapters build) to the engine's form. */
export function fromPlain(t: PlainTensor, F: VecCtor): Tensor {
  const d = t.data;
  switch (t.type) {
    case 'float32':
      return floatTensor([...t.dims], d instanceof F ? d : F.from(d as Float32Array));
    case 'int64':
      return intTensor([...t.dims], Array.from(d as BigInt64Array, Number));
    case 'int32': case 'int8': case 'uint8': case 'bool':
      return intTensor([...t.dims], d as ArrayLike<number>);
    default:
      throw new Error(`The training engine takes float32 and integer inputs, not ${t.type}.`);
  }
}

/** A negative axis counts from the end, as ONNX allows. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1)) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}
