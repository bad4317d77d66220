// A scale-lab worker's logic (Node-testable): generate the fp32 model of a shape, compress it with one recipe,
// prepare its compute format, load the variant alone (its peak memory), then fp32 beside it, and time both
// interleaved: the encoder pass or decoder prefill, and for decoders token-by-token generation from the cache.
// Big buffers are dropped as soon as ORT has copied them, so the worker's JS memory stays near one model's size.
import { argmax } from '../engine/classify';
import { prepareForLoad } from '../engine/compute-format';
import { applyRecipe } from '../engine/pipeline';
import { compareOutputs } from '../engine/scale/agreement';
import { generateTransformer } from '../engine/scale/generate';
import { parameterCount, type TransformerShape } from '../engine/scale/shape';
import { cacheFrom, emptyCache, encoderFeeds, lastLogits, promptIds } from '../engine/scale/workload';
import type { SizeInfo } from '../engine/size';
import type { Feeds, PlainTensor } from '../engine/tensor-data';
import { timeInterleaved, type InterleaveResult } from '../runtime/interleaved';
import { createRunner, endProfiling, loadModel, releaseModel, runModel, type LoadedModel, type RuntimeOptions } from '../runtime/ort';
import { captureLog, installConsoleTap, opTimes } from '../runtime/op-profile';
import { summarize } from '../runtime/stats';
import { watchWasmMemory, wasmHeapBytes } from '../runtime/wasm-heap';
import { explainOrtError } from './ort-errors';
import type { ScaleApi, ScaleJob, ScaleMeasurement, ScalePhase, ScaleProfile, TimedComparison } from './scale-api';

/** gzip is not measured: random weights compress like noise, not like trained ones, and gzip of 400 MB takes minutes in JS. */
const rawSize = (b: Uint8Array): SizeInfo => ({ raw: b.length, gzip: Number.NaN });
const CALIBRATION_SAMPLES = 8;

type Progress = (phase: ScalePhase, fraction: number) => void;

/** What one side (fp32 or variant) runs: the timed pass, and for decoders the token-by-token run. */
interface Side {
  model: LoadedModel;
  pass: () => Promise<number>;
  decode?: () => Promise<number>;
  /** Outputs of the first pass (last hidden state, or the prefill's logits), for agreement. */
  output: Float32Array;
}

const ids = (values: BigInt64Array): PlainTensor => ({ type: 'int64', dims: [1, values.length], data: values });

function promptFeeds(shape: TransformerShape, seed = 7): Feeds {
  return shape.kind === 'encoder' ? encoderFeeds(shape) : { input_ids: ids(promptIds(shape, shape.sequence, seed)), ...emptyCache(shape) };
}

async function timed(model: LoadedModel, feeds: Feeds): Promise<{ ms: number; outputs: Record<string, PlainTensor> }> {
  const t0 = performance.now();
  const { outputs } = await runModel(model, feeds);
  return { ms: performance.now() - t0, outputs };
}

async function openSide(model: LoadedModel, shape: TransformerShape): Promise<Side> {
  const feeds = promptFeeds(shape);
  const first = await runModel(model, feeds);
  if (shape.kind === 'encoder') {
    return { model, pass: async () => (await timed(model, feeds)).ms, output: first.outputs.last_hidden_state.data as Float32Array };
  }
  // Every decode run starts from the same prefilled cache and picks the same greedy tokens: runs are alike.
  const cache = cacheFrom(first.outputs, shape.layers);
  const start = argmax(lastLogits(first.outputs, shape.vocab));
  const steps = shape.decodeTokens ?? 0;
  const decode = async () => {
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
  return { model, pass: async () => (await timed(model, feeds)).ms, decode, output: first.outputs.logits.data as Float32Array };
}

function comparison(r: InterleaveResult): TimedComparison {
  return {
    fp32: summarize(r.baseline, 0), variant: summarize(r.variant, 0), ratio: r.ratio, ci: r.ci,
    settled: { fp32: r.warm.baseline.settled, variant: r.warm.variant.settled }, block: r.block,
  };
}

const PROFILED_PASSES = 3;

/** A fresh profiling session: one untimed pass, PROFILED_PASSES passes, then (decoders) one generation; per-op times of the later runs. */
async function profileModel(bytes: Uint8Array, shape: TransformerShape, runtime: RuntimeOptions): Promise<ScaleProfile> {
  const model = await loadModel(bytes, { ...runtime, profiling: true });
  try {
    const side = await openSide(model, shape);
    for (let i = 0; i < PROFILED_PASSES; i++) await side.pass();
    await side.decode?.();
    const lines = captureLog(() => endProfiling(model));
    const steps = side.decode ? (shape.decodeTokens ?? 0) : 0;
    // Runs in order: the first pass, the profiled passes, then the decode steps (the first two are warm-up).
    return {
      pass: opTimes(lines, { from: 1, count: PROFILED_PASSES }),
      ...(steps > 2 ? { decodeStep: opTimes(lines, { from: 1 + PROFILED_PASSES + 2, count: steps - 2 }) } : {}),
    };
  } finally {
    await releaseModel(model);
  }
}

export class ScaleService implements ScaleApi {
  constructor() {
    // Both before this worker's first ORT session: the heap is created, and console.log bound, when ORT starts.
    watchWasmMemory();
    installConsoleTap();
  }

  async measure(job: ScaleJob, onProgress?: Progress): Promise<ScaleMeasurement> {
    const { shape } = job;
    const progress = onProgress ?? (() => {});
    const runtime = { backend: 'wasm' as const, threads: job.threads };
    let reference: LoadedModel | undefined;
    let variant: LoadedModel | undefined;
    try {
      progress('generate', 0);
      let t0 = performance.now();
      let fp32: Uint8Array | undefined = generateTransformer(shape, job.seed, job.deviceMemoryGiB);
      const fp32Bytes = fp32.length;
      const generateMs = performance.now() - t0;

      progress('compress', 0);
      t0 = performance.now();
      const calibration = job.recipe.some((s) => s.transform === 'int8-qdq') ? Array.from({ length: CALIBRATION_SAMPLES }, (_, i) => promptFeeds(shape, 100 + i)) : [];
      const result = await applyRecipe(fp32, job.recipe, { calibration, runner: createRunner(runtime), onProgress: (f) => progress('compress', f) }, rawSize);
      const compressMs = performance.now() - t0;
      const downloadBytes = result.bytes.length;

      progress('expand', 0);
      const prepared = await prepareForLoad(result.bytes, job.recipe);
      const computeBytes = prepared.bytes.length;

      progress('load', 0);
      t0 = performance.now();
      variant = await loadModel(prepared.bytes, runtime);
      const loadMs = performance.now() - t0;
      const v = await openSide(variant, shape);
      const variantHeapBytes = wasmHeapBytes();
      reference = await loadModel(fp32, runtime);
      const kept = job.profile ? { fp32, variant: prepared.bytes } : undefined;
      fp32 = undefined; // ORT holds its own copy now
      const r = await openSide(reference, shape);
      const agreement = compareOutputs(r.output, v.output, shape.kind === 'decoder' ? shape.vocab : undefined);

      progress('measure', 0);
      const latency = comparison(await timeInterleaved(r.pass, v.pass, job.budget));
      let decode: ScaleMeasurement['decode'];
      if (v.decode && r.decode && shape.decodeTokens) {
        progress('decode', 0);
        const c = comparison(await timeInterleaved(r.decode, v.decode, job.decodeBudget ?? job.budget));
        const perSecond = (ms: number) => (shape.decodeTokens! * 1000) / ms;
        decode = { ...c, tokens: shape.decodeTokens, tokensPerSecond: perSecond(c.variant.medianMs), fp32TokensPerSecond: perSecond(c.fp32.medianMs) };
      }
      const peakHeapBytes = wasmHeapBytes();
      const threads = variant.threads;
      let profile: ScaleMeasurement['profile'];
      if (kept) {
        await releaseModel(variant);
        await releaseModel(reference);
        variant = reference = undefined;
        profile = { variant: await profileModel(kept.variant, shape, runtime), fp32: await profileModel(kept.fp32, shape, runtime) };
      }
      return {
        recipeId: job.recipeId, kind: shape.kind, params: parameterCount(shape), threads,
        fp32Bytes, downloadBytes, computeBytes, computeFormat: prepared.format,
        generateMs, compressMs, expandMs: prepared.ms, loadMs,
        variantHeapBytes, peakHeapBytes,
        latency, decode, agreement, profile,
        layersChanged: result.steps.reduce((n, s) => n + s.layers.filter((l) => l.action === 'changed').length, 0),
        warnings: result.steps.flatMap((s) => s.warnings),
      };
    } catch (e) {
      throw explainOrtError(e, 'wasm');
    } finally {
      if (variant) await releaseModel(variant);
      if (reference) await releaseModel(reference);
    }
  }
}
