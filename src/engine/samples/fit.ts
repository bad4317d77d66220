// Fits an array from a user's file to a model input: the same shape, the shape without the batch axis (batch 1
// added), or a stack of samples (along a batch axis of 1, or a new leading axis); numbers converted to the input's type
// only where nothing is lost in a way the user would not expect (float64 -> float32 yes, float -> int64 no).
import type { InputSpec } from '../inputs/spec';
import type { PlainTensor } from '../tensor-data';
import { floatToHalf, halfToFloat } from '../onnx/float16';
import { fail } from './errors';
import { elementCount, formatShape, isFloat, type NdArray } from './ndarray';

export interface Fitted {
  tensors: PlainTensor[];
  /** e.g. "converted from float64"; shown beside the sample. */
  converted?: string;
}

export function fitArray(array: NdArray, spec: InputSpec, where: string): Fitted {
  const dims = spec.dims;
  if (dims.some((d) => d === undefined)) {
    fail(`Set the shape of input "${spec.name}" first: ${where} is matched against it.`, `请先设定输入“${spec.name}”的形状：${where} 需要与它比对。`);
  }
  const target = dims as number[];
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
  let count: number;
  if (same(array.shape, target)) count = 1;
  else if (target[0] === 1 && same(array.shape, target.slice(1))) count = 1;
  else if (target[0] === 1 && array.shape.length === target.length && array.shape[0] > 1 && same(array.shape.slice(1), target.slice(1))) count = array.shape[0];
  else if (array.shape.length === target.length + 1 && same(array.shape.slice(1), target)) count = array.shape[0];
  else {
    return fail(
      `${where} has the shape ${formatShape(array.shape)}, but input "${spec.name}" is set to ${formatShape(target)}. Change the input's shape to match, or save the array with that shape.`,
      `${where} 的形状为 ${formatShape(array.shape)}，但输入“${spec.name}”设定为 ${formatShape(target)}。请修改输入形状使之匹配，或按该形状保存数组。`,
    );
  }
  const size = elementCount(target);
  const values = convert(array, spec, where);
  const tensors = Array.from({ length: count }, (_, i) => ({ ...values, dims: [...target], data: values.data.slice(i * size, (i + 1) * size) }) as PlainTensor);
  const converted = array.dtype !== values.from && !array.untyped ? `${array.dtype} → ${values.from}` : undefined;
  return { tensors, converted };
}

type Converted = Omit<PlainTensor, 'dims'> & { from: string };

function convert(array: NdArray, spec: InputSpec, where: string): Converted {
  const t = spec.elemType;
  const numbers = () => (array.dtype === 'float16' ? Array.from(array.data as Uint16Array, halfToFloat) : Array.from(array.data as ArrayLike<number | bigint>, Number));
  const wrongType = (): never =>
    fail(
      `${where} holds ${array.untyped ? 'numbers with fractions' : array.dtype}, but input "${spec.name}" takes ${t}. ${isFloat(array.dtype) && /int/.test(t) ? 'Save whole numbers as an integer array' : `Save it as ${t === 'float' ? 'float32 (x.astype(np.float32)), scaled the way the model expects' : t}`}.`,
      `${where} 的数据为 ${array.untyped ? '带小数的数值' : array.dtype}，但输入“${spec.name}”需要 ${t}。${isFloat(array.dtype) && /int/.test(t) ? '请将整数保存为整数数组' : `请另存为 ${t === 'float' ? 'float32（x.astype(np.float32)），并按模型的要求缩放' : t}`}。`,
    );
  if (t === 'float' || t === 'float16') {
    // An integer array is usually raw pixels or labels: feeding it as floats unscaled is a silent mistake.
    if (!isFloat(array.dtype) && !array.untyped) wrongType();
    if (t === 'float16') return { type: 'float16', data: array.dtype === 'float16' ? (array.data as Uint16Array) : Uint16Array.from(numbers(), floatToHalf), from: 'float16' };
    return { type: 'float32', data: array.data instanceof Float32Array ? array.data : Float32Array.from(numbers()), from: 'float32' };
  }
  if (t === 'bool') {
    if (array.dtype !== 'bool' && !array.untyped) wrongType();
    const values = numbers();
    if (values.some((v) => v !== 0 && v !== 1)) wrongType();
    return { type: 'bool', data: Uint8Array.from(values), from: 'bool' };
  }
  const range = ({ int64: [-(2 ** 63), 2 ** 63], int32: [-(2 ** 31), 2 ** 31 - 1], int8: [-128, 127], uint8: [0, 255] } as Record<string, [number, number]>)[t];
  if (!range) fail(`Input "${spec.name}" has type ${t}, which ModelLab cannot feed from a file.`, `输入“${spec.name}”的类型为 ${t}，ModelLab 无法从文件为其输入数据。`);
  if (isFloat(array.dtype) && !array.untyped) wrongType();
  if (array.dtype === 'bool') wrongType();
  if (t === 'int64' && (array.data instanceof BigInt64Array || array.data instanceof BigUint64Array)) {
    return { type: 'int64', data: BigInt64Array.from(array.data as ArrayLike<bigint>, (v) => BigInt.asIntN(64, BigInt(v))), from: 'int64' };
  }
  const values = numbers();
  const bad = values.find((v) => !Number.isInteger(v) || v < range[0] || v > range[1]);
  if (bad !== undefined) {
    if (!Number.isInteger(bad)) wrongType();
    fail(`${where} holds ${bad}, outside the range of input "${spec.name}" (${t}).`, `${where} 含有 ${bad}，超出输入“${spec.name}”（${t}）的取值范围。`);
  }
  switch (t) {
    case 'int64': return { type: 'int64', data: BigInt64Array.from(values, (v) => BigInt(v)), from: 'int64' };
    case 'int32': return { type: 'int32', data: Int32Array.from(values), from: 'int32' };
    case 'int8': return { type: 'int8', data: Int8Array.from(values), from: 'int8' };
    default: return { type: 'uint8', data: Uint8Array.from(values), from: 'uint8' };
  }
}
