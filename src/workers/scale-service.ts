// A scale-lab worker's logic (Node-testable): generate the fp32 model of a shape, compress it with one recipe,
// prepare its compute format, load the variant alone (its peak memory), then fp32 beside it, and time both
// interleaved: the encoder pass or decoder prefill, and for decoders token-by-token generation from the cache.
// Big buffers are dropped as soon as ORT has copied them, so the worker's JS memory stays near one model's size.
import { prepareForLoad, type PreparedModel } from '../engine/compute-format';
import { compressRecipe } from '../engine/pipeline';
import { compareOutputs } from '../engine/scale/agreement';
import { generateTransformer } from '../engine/scale/generate';
import { parameterCount } from '../engine/scale/shape';
import type { Text } from '../engine/i18n-text';
import { timeInterleaved, type InterleaveResult } from '../runtime/interleaved';
import { installConsoleTap } from '../runtime/op-profile';
import { createRunner, loadModel, releaseModel, type LoadedModel, type RuntimeOptions } from '../runtime/ort';
import { summarize } from '../runtime/stats';
import { watchWasmMemory, wasmHeap } from '../runtime/wasm-heap';
import { explainOrtError } from './ort-errors';
import type { ScaleApi, ScaleJob, ScaleMeasurement, ScalePhase, TimedComparison } from './scale-api';
import { openSide, profileModel, promptFeeds } from './scale-sides';

// compressRecipe measures raw sizes only: gzip is not measured here, since random weights compress like noise,
// not like trained ones, and gzip of 400 MB takes seconds to minutes.
const CALIBRATION_SAMPLES = 8;

/** The WASM heap's size so far (its peak: it never shrinks), or undefined when ORT made none we could watch. */
const heapBytes = (): number | undefined => wasmHeap().bytes || undefined;

type Progress = (phase: ScalePhase, fraction: number) => void;

function comparison(r: InterleaveResult): TimedComparison {
  return {
    fp32: summarize(r.baseline, 0), variant: summarize(r.variant, 0), ratio: r.ratio, ci: r.ci,
    settled: { fp32: r.warm.baseline.settled, variant: r.warm.variant.settled }, block: r.block,
  };
}

interface BuildInfo {
  generateMs: number;
  compressMs: number;
  downloadBytes: number;
  format: PreparedModel['format'];
  expandMs: number;
  expanded?: ScaleMeasurement['expanded'];
  layersChanged: number;
  warnings: Text[];
}

/**
 * Generate, compress and prepare: [fp32 bytes, the bytes to load, what happened]. The download bytes go out of
 * scope here unless they are what runs.
 */
async function build(job: ScaleJob, runtime: RuntimeOptions, progress: Progress): Promise<[Uint8Array, Uint8Array, BuildInfo]> {
  progress('generate', 0);
  let t0 = performance.now();
  const fp32 = generateTransformer(job.shape, job.seed, job.deviceMemoryGiB);
  const generateMs = performance.now() - t0;
  progress('compress', 0);
  t0 = performance.now();
  const calibration = job.recipe.some((s) => s.transform === 'int8-qdq') ? Array.from({ length: CALIBRATION_SAMPLES }, (_, i) => promptFeeds(job.shape, 100 + i)) : [];
  const { bytes, steps } = await compressRecipe(fp32, job.recipe, { calibration, runner: createRunner(runtime), onProgress: (f) => progress('compress', f) });
  const compressMs = performance.now() - t0;
  progress('expand', 0);
  const prepared = await prepareForLoad(bytes, job.recipe);
  return [fp32, prepared.bytes, {
    generateMs, compressMs, downloadBytes: bytes.length, format: prepared.format, expandMs: prepared.ms,
    expanded: prepared.report && { layers: prepared.report.expanded, embeddings: prepared.report.embeddings },
    layersChanged: steps.reduce((n, s) => n + s.layers.filter((l) => l.action === 'changed').length, 0),
    warnings: steps.flatMap((s) => s.warnings),
  }];
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
      // `let`: each buffer is dropped once ORT has copied it into its heap.
      let [fp32, compute, info]: [Uint8Array | undefined, Uint8Array | undefined, BuildInfo] = await build(job, runtime, progress);
      const [fp32Bytes, computeBytes] = [fp32.length, compute.length];
      const kept = job.profile ? { fp32: job.profile === 'both' ? fp32 : undefined, variant: compute } : undefined;

      progress('load', 0);
      const t0 = performance.now();
      variant = await loadModel(compute, runtime);
      const loadMs = performance.now() - t0;
      compute = undefined;
      const v = await openSide(variant, shape);
      const variantHeapBytes = heapBytes();
      reference = await loadModel(fp32, runtime);
      fp32 = undefined;
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
      const peakHeapBytes = heapBytes();
      const threads = variant.threads;
      let profile: ScaleMeasurement['profile'];
      if (kept) {
        // After timing, in sessions of their own: the profiler's per-kernel bookkeeping would slow the timed runs.
        await releaseModel(variant);
        await releaseModel(reference);
        variant = reference = undefined;
        profile = { variant: await profileModel(kept.variant, shape, runtime), ...(kept.fp32 ? { fp32: await profileModel(kept.fp32, shape, runtime) } : {}) };
      }
      return {
        recipeId: job.recipeId, kind: shape.kind, params: parameterCount(shape), threads,
        fp32Bytes, downloadBytes: info.downloadBytes, computeBytes, computeFormat: info.format, expanded: info.expanded,
        generateMs: info.generateMs, compressMs: info.compressMs, expandMs: info.expandMs, loadMs,
        variantHeapBytes, peakHeapBytes, latency, decode, agreement, profile,
        layersChanged: info.layersChanged, warnings: info.warnings,
      };
    } catch (e) {
      throw explainOrtError(e, 'wasm');
    } finally {
      if (variant) await releaseModel(variant);
      if (reference) await releaseModel(reference);
    }
  }
}
