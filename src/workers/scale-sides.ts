// One side of a scale-lab comparison (the fp32 model or the variant) on a loaded session: the timed pass (encoder
// pass or decoder prefill) and, for decoders, the token-by-token run from the prefilled cache; and a profiling
// session of the same bytes for ORT's per-operator times.
import { argmax } from '../engine/classify';
import type { TransformerShape } from '../engine/scale/shape';
import { cacheFrom, emptyCache, encoderFeeds, lastLogits, promptIds } from '../engine/scale/workload';
import type { Feeds, PlainTensor } from '../engine/tensor-data';
import { captureLog, opTimes } from '../runtime/op-profile';
import { endProfiling, loadModel, releaseModel, runModel, type LoadedModel, type RuntimeOptions } from '../runtime/ort';
import type { ScaleProfile } from './scale-api';

const ids = (values: BigInt64Array): PlainTensor => ({ type: 'int64', dims: [1, values.length], data: values });

/** The encoder's input, or the decoder's prompt with an empty cache (`seed` picks other prompts for calibration). */
export function promptFeeds(shape: TransformerShape, seed = 7): Feeds {
  return shape.kind === 'encoder' ? encoderFeeds(shape) : { input_ids: ids(promptIds(shape, shape.sequence, seed)), ...emptyCache(shape) };
}

export interface Side {
  model: LoadedModel;
  /** One timed pass (ms). */
  pass: () => Promise<number>;
  /** Decoders: `decodeTokens` greedy steps (or fewer) from the prefilled cache (ms). */
  decode?: (steps?: number) => Promise<number>;
  /** The first pass's output (last hidden state, or the prefill's logits), for agreement. */
  output: Float32Array;
}

export async function openSide(model: LoadedModel, shape: TransformerShape): Promise<Side> {
  const feeds = promptFeeds(shape);
  const pass = async () => {
    const t0 = performance.now();
    await runModel(model, feeds);
    return performance.now() - t0;
  };
  const first = await runModel(model, feeds);
  if (shape.kind === 'encoder') return { model, pass, output: first.outputs.last_hidden_state.data as Float32Array };
  // Every decode run starts from the same prefilled cache and picks the same greedy tokens: runs are alike.
  const cache = cacheFrom(first.outputs, shape.layers);
  const start = argmax(lastLogits(first.outputs, shape.vocab));
  const decode = async (steps = shape.decodeTokens ?? 0) => {
    let past = cache;
    let token = start;
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      const { outputs } = await runModel(model, { input_ids: ids(BigInt64Array.of(BigInt(token))), ...past });
      token = argmax(lastLogits(outputs, shape.vocab));
      past = cacheFrom(outputs, shape.layers);
    }
    return performance.now() - t0;
  };
  return { model, pass, decode, output: first.outputs.logits.data as Float32Array };
}

const PROFILED_PASSES = 3;
/** Decode steps in a profile (the first two count as warm-up): per-step times settle fast, and int4 steps are slow. */
const PROFILED_STEPS = 8;

/** A fresh profiling session: one untimed pass, PROFILED_PASSES passes, then (decoders) PROFILED_STEPS steps; per-op times of the later runs. */
export async function profileModel(bytes: Uint8Array, shape: TransformerShape, runtime: RuntimeOptions): Promise<ScaleProfile> {
  const model = await loadModel(bytes, { ...runtime, profiling: true });
  try {
    const side = await openSide(model, shape);
    for (let i = 0; i < PROFILED_PASSES; i++) await side.pass();
    const steps = side.decode ? Math.min(PROFILED_STEPS, shape.decodeTokens ?? 0) : 0;
    await side.decode?.(steps);
    const lines = captureLog(() => endProfiling(model));
    // Runs in order: the first pass, the profiled passes, then the decode steps (the first two are warm-up).
    return {
      pass: opTimes(lines, { from: 1, count: PROFILED_PASSES }),
      ...(steps > 2 ? { decodeStep: opTimes(lines, { from: 1 + PROFILED_PASSES + 2, count: steps - 2 }) } : {}),
    };
  } finally {
    await releaseModel(model);
  }
}
