// Inputs for a model we have no data for (a user's upload): deterministic pseudo-random values of the right
// type and shape, so latency and agreement with fp32 can still be measured honestly (and said to be synthetic).
import type { IoInfo } from './model-info';
import type { Feeds, PlainTensor } from './tensor-data';
import { mulberry32 } from './random';
import { floatToHalf } from './onnx/float16';

export class SyntheticInputError extends Error {
  override name = 'SyntheticInputError';
}

/** Symbolic or unknown dims become `dynamicDim` (batch 1 by default). */
export function syntheticFeeds(inputs: IoInfo[], seed = 1, dynamicDim = 1): Feeds {
  const rand = mulberry32(seed);
  const feeds: Feeds = {};
  for (const input of inputs) {
    const dims = input.dims.map((d) => (typeof d === 'number' && d > 0 ? d : dynamicDim));
    const count = dims.reduce((a, b) => a * b, 1);
    if (count > 64 * 1024 * 1024) throw new SyntheticInputError(`Input ${input.name} would have ${count} values; give its dynamic dimensions smaller sizes.`);
    feeds[input.name] = tensorFor(input, dims, count, rand);
  }
  return feeds;
}

function tensorFor(input: IoInfo, dims: number[], count: number, rand: () => number): PlainTensor {
  switch (input.elemType) {
    case 'float':
      return { type: 'float32', dims, data: Float32Array.from({ length: count }, () => rand()) };
    case 'float16':
      return { type: 'float16', dims, data: Uint16Array.from({ length: count }, () => floatToHalf(rand())) };
    case 'int64': // usually token ids or masks: small non-negative values stay valid for embeddings
      return { type: 'int64', dims, data: BigInt64Array.from({ length: count }, () => BigInt(Math.floor(rand() * 2))) };
    case 'int32':
      return { type: 'int32', dims, data: Int32Array.from({ length: count }, () => Math.floor(rand() * 2)) };
    case 'uint8':
      return { type: 'uint8', dims, data: Uint8Array.from({ length: count }, () => Math.floor(rand() * 256)) };
    case 'bool':
      return { type: 'bool', dims, data: Uint8Array.from({ length: count }, () => (rand() < 0.5 ? 0 : 1)) };
    default:
      throw new SyntheticInputError(`Input ${input.name} has type ${input.elemType}; ModelLab can only generate float, float16, int64, int32, uint8 and bool inputs.`);
  }
}
