// The typed API of a scale-lab worker. One worker measures one (scale point, recipe, thread count) and is then
// terminated: ORT fixes its thread count per worker, and a WebAssembly heap never shrinks, so a fresh worker is both
// how peak memory is read per recipe and how the memory of one point is given back before the next.
import type { Interval } from '../engine/confidence';
import type { Text } from '../engine/i18n-text';
import type { Recipe } from '../engine/pipeline';
import type { Agreement } from '../engine/scale/agreement';
import type { TransformerShape } from '../engine/scale/shape';
import type { InterleaveBudget } from '../runtime/interleaved';
import type { OpTime } from '../runtime/op-profile';
import type { LatencyStats } from '../runtime/stats';

export interface ScaleJob {
  shape: TransformerShape;
  seed: number;
  recipeId: string;
  recipe: Recipe;
  /** WASM threads (1 without cross-origin isolation). */
  threads: number;
  /** Timing budget of the encoder pass / decoder prefill, and of the decoder's token-by-token runs. */
  budget: InterleaveBudget;
  decodeBudget?: InterleaveBudget;
  /** navigator.deviceMemory as the page saw it, for the memory check. */
  deviceMemoryGiB?: number;
  /**
   * After timing, profile per operator type with ORT's profiler, in extra sessions (the bench's big points): the
   * variant, or both (fp32 is the same model for every recipe of a point, so once per point and thread count is enough).
   */
  profile?: 'variant' | 'both';
}

/** Kernel time per operator type: of a pass (or prefill), and per decode step. Empty where ORT's trace is not visible. */
export interface ScaleProfile {
  pass: OpTime[];
  decodeStep?: OpTime[];
}

export type ScalePhase = 'generate' | 'compress' | 'expand' | 'load' | 'measure' | 'decode';

export interface TimedComparison {
  fp32: LatencyStats;
  variant: LatencyStats;
  /** median(variant) / median(fp32), timed interleaved in this worker, with its 95% bootstrap interval. */
  ratio: number;
  ci: Interval;
  /** Whether the warm-up settled (three rounds within 15%) before the timed runs, per side. */
  settled: { fp32: boolean; variant: boolean };
  block: number;
}

export interface ScaleMeasurement {
  recipeId: string;
  kind: TransformerShape['kind'];
  params: number;
  threads: number;
  fp32Bytes: number;
  /** The variant file: what would be downloaded and stored. */
  downloadBytes: number;
  /** What the session was created from (differs from the download when int4 is expanded at load). */
  computeBytes: number;
  /** 'int4' / 'int8' / 'fp32' when the recipe has an int4 step; undefined otherwise. */
  computeFormat?: string;
  /** What loading expanded: MatMulNBits layers (run as int8 / fp32) and 4-bit embedding tables (always). */
  expanded?: { layers: number; embeddings: number };
  generateMs: number;
  compressMs: number;
  expandMs: number;
  /** Creating the variant session; in this fresh worker it includes starting ORT (compiling its wasm). */
  loadMs: number;
  /** WASM heap after the variant alone was loaded and run once (undefined where the heap was not observable). */
  variantHeapBytes?: number;
  /** The worker's heap at the end, with the fp32 session loaded beside the variant. */
  peakHeapBytes?: number;
  /** Encoder: one pass over `sequence` tokens. Decoder: the prefill of the prompt. */
  latency: TimedComparison;
  /** Decoder: generating `decodeTokens` tokens one at a time from the prefilled cache. */
  decode?: TimedComparison & { tokens: number; tokensPerSecond: number; fp32TokensPerSecond: number };
  agreement: Agreement;
  profile?: { variant: ScaleProfile; fp32?: ScaleProfile };
  layersChanged: number;
  warnings: Text[];
}

export interface ScaleApi {
  measure(job: ScaleJob, onProgress?: (phase: ScalePhase, fraction: number) => void): Promise<ScaleMeasurement>;
}
