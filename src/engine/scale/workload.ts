// What the scale lab runs on a generated model: a fixed prompt of token ids (seeded), the encoder's one pass, and
// the decoder's prefill then greedy one-token steps that feed each call's present key/values back as the next past.
import { argmax } from '../classify';
import { mulberry32 } from '../random';
import type { Feeds, OpenModel, PlainTensor } from '../tensor-data';
import { pastKey, pastValue, presentKey, presentValue } from './decoder';
import type { TransformerShape } from './shape';

/** Deterministic token ids in [0, vocab). */
export function promptIds(shape: TransformerShape, length = shape.sequence, seed = 7): BigInt64Array {
  const rand = mulberry32(seed);
  return BigInt64Array.from({ length }, () => BigInt(Math.floor(rand() * shape.vocab)));
}

const ids = (values: BigInt64Array): PlainTensor => ({ type: 'int64', dims: [1, values.length], data: values });

export function encoderFeeds(shape: TransformerShape): Feeds {
  const tokens = promptIds(shape);
  return { input_ids: ids(tokens), token_type_ids: ids(new BigInt64Array(tokens.length)) };
}

/** past_key/value with no positions yet: the prefill's cache. */
export function emptyCache(shape: TransformerShape): Feeds {
  const dh = shape.hidden / shape.heads;
  const empty = (): PlainTensor => ({ type: 'float32', dims: [1, shape.heads, 0, dh], data: new Float32Array(0) });
  const feeds: Feeds = {};
  for (let l = 0; l < shape.layers; l++) {
    feeds[pastKey(l)] = empty();
    feeds[pastValue(l)] = empty();
  }
  return feeds;
}

/** The call's present key/values as the next call's past. */
export function cacheFrom(outputs: Record<string, PlainTensor>, layers: number): Feeds {
  const feeds: Feeds = {};
  for (let l = 0; l < layers; l++) {
    feeds[pastKey(l)] = outputs[presentKey(l)];
    feeds[pastValue(l)] = outputs[presentValue(l)];
  }
  return feeds;
}

/** The logits of the last position of a [1, T, vocab] output. */
export function lastLogits(outputs: Record<string, PlainTensor>, vocab: number): Float32Array {
  const data = outputs.logits.data as Float32Array;
  return data.subarray(data.length - vocab);
}

export interface Generation {
  /** The prefill's logits [prompt, vocab] (flat), then each generated step's [vocab]. */
  prefillLogits: Float32Array;
  stepLogits: Float32Array[];
  /** Greedy tokens: the first picked from the prefill, each next from the step before. */
  tokens: number[];
}

/** Prompt, then `steps` greedy tokens one at a time with the cache. */
export async function generateGreedy(model: OpenModel, shape: TransformerShape, steps = shape.decodeTokens ?? 0, prompt = promptIds(shape)): Promise<Generation> {
  const first = await model.run({ input_ids: ids(prompt), ...emptyCache(shape) });
  const prefillLogits = (first.logits.data as Float32Array).slice();
  const tokens = [argmax(lastLogits(first, shape.vocab))];
  const stepLogits: Float32Array[] = [];
  let cache = cacheFrom(first, shape.layers);
  for (let i = 0; i < steps; i++) {
    const out = await model.run({ input_ids: ids(BigInt64Array.of(BigInt(tokens[i]))), ...cache });
    const logits = lastLogits(out, shape.vocab).slice();
    stepLogits.push(logits);
    tokens.push(argmax(logits));
    cache = cacheFrom(out, shape.layers);
  }
  return { prefillLogits, stepLogits, tokens: tokens.slice(0, steps) };
}
