// Complete feeds for an upload: the user's sample tensors where a sample gives an input, synthetic values (seeded
// random, or the input's constant) for the rest, all with the input specs' shapes. Nothing reaches onnxruntime
// with a shape the specs have not checked.
import { syntheticFeeds } from '../synthetic-inputs';
import type { Feeds, PlainTensor } from '../tensor-data';
import { floatToHalf } from '../onnx/float16';
import { SampleError } from '../samples/errors';
import { formatShape } from '../samples/ndarray';
import { checkDims, type InputSpec } from './spec';

export function buildFeeds(specs: readonly InputSpec[], seed: number, sample: Feeds = {}): Feeds {
  const feeds: Feeds = {};
  const random = [];
  for (const spec of specs) {
    const problem = checkDims(spec, spec.dims);
    if (problem) throw new SampleError(problem);
    const dims = spec.dims as number[];
    const given = sample[spec.name];
    if (given) {
      if (given.type !== tensorType(spec.elemType)) {
        throw new SampleError({
          en: `A sample for input "${spec.name}" holds ${given.type} values, but the input takes ${spec.elemType}.`,
          zh: `输入“${spec.name}”的一个样本为 ${given.type} 数据，但该输入需要 ${spec.elemType}。`,
        });
      }
      if (given.dims.join() !== dims.join()) {
        throw new SampleError({
          en: `A sample for input "${spec.name}" has the shape ${formatShape(given.dims)}, but the input is set to ${formatShape(dims)}.`,
          zh: `输入“${spec.name}”的一个样本形状为 ${formatShape(given.dims)}，但该输入设定为 ${formatShape(dims)}。`,
        });
      }
      feeds[spec.name] = given;
    } else if (spec.fill.kind === 'constant') {
      feeds[spec.name] = constantTensor(spec, dims, spec.fill.value);
    } else {
      random.push({ name: spec.name, elemType: spec.elemType, dims });
    }
  }
  return { ...feeds, ...syntheticFeeds(random, seed) };
}

/** The plain tensor type that feeds an ONNX element type ("float" -> float32). */
export function tensorType(elemType: string): string {
  return elemType === 'float' ? 'float32' : elemType;
}

function constantTensor(spec: InputSpec, dims: number[], value: number): PlainTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  switch (spec.elemType) {
    case 'float': return { type: 'float32', dims, data: new Float32Array(n).fill(value) };
    case 'float16': return { type: 'float16', dims, data: new Uint16Array(n).fill(floatToHalf(value)) };
    case 'int64': return { type: 'int64', dims, data: new BigInt64Array(n).fill(BigInt(Math.round(value))) };
    case 'int32': return { type: 'int32', dims, data: new Int32Array(n).fill(Math.round(value)) };
    case 'int8': return { type: 'int8', dims, data: new Int8Array(n).fill(Math.round(value)) };
    case 'uint8': return { type: 'uint8', dims, data: new Uint8Array(n).fill(Math.round(value)) };
    case 'bool': return { type: 'bool', dims, data: new Uint8Array(n).fill(value ? 1 : 0) };
    default:
      throw new SampleError({
        en: `Input "${spec.name}" has type ${spec.elemType}; ModelLab can only feed float, float16, int64, int32, int8, uint8 and bool inputs.`,
        zh: `输入“${spec.name}”的类型为 ${spec.elemType}；ModelLab 只能输入 float、float16、int64、int32、int8、uint8 和 bool 类型。`,
      });
  }
}
