// What the bench page (bench.html, driven by scripts/bench/run.ts through Playwright) accepts and returns.
// Types only, so the Node side can import them without pulling in the page.
import type { Recipe } from '../engine/pipeline';
import type { SizeInfo } from '../engine/size';
import type { EvalResult } from '../models/evaluate';
import type { Backend, BackendAvailability } from '../runtime/backend';
import type { LatencyStats } from '../runtime/stats';
import type { InterleaveBudget } from '../runtime/interleaved';
import type { ScaleRow } from '../workers/scale-runner';

export interface InfoTask {
  task: 'info';
}

export interface RunTask {
  task: 'run';
  model: string;
  backend: Backend;
  /** WASM threads; ORT fixes them per worker, so every RunTask gets fresh workers. */
  threads?: number;
  recipes: { name: string; recipe: Recipe }[];
  /** Untimed runs of each variant after it is loaded. */
  warmup: number;
  /** At least this many timed runs per recipe (and as many fp32 runs interleaved with them) ... */
  runs: number;
  /** ... and, for fast models, enough to cover this much fp32 time (capped at maxRuns): a 0.3 ms model timed
   * 30 times is 10 ms of data, which one scheduler hiccup on a shared machine can move. Decided from the pre-warm
   * and then used for every recipe of the task, so ratios compare like with like. */
  minTimeMs?: number;
  maxRuns?: number;
  /** Before measuring anything, run fp32 for at least this long and until three runs in a row agree within 15%
   * (at most 4× as long). Chromium starts ORT's wasm in its baseline compiler and swaps in optimized code while it
   * runs; without this, the first recipe measured (fp32) looks several times slower than it is. */
  prewarmMs?: number;
  /** Run the eval harness (labels + agreement with fp32) for each recipe. */
  evaluate: boolean;
  /** Evaluate only the first `evalLimit` samples (OCR lines are slow). */
  evalLimit?: number;
  /** Keep each variant's bytes in the page so the runner can fetch them (VariantTask) for the native runs. */
  keepBytes: boolean;
}

export interface VariantTask {
  task: 'variant';
  model: string;
  recipe: string;
}

/** The scale section: generated Transformers measured by the app's scale-lab workers (see scale-task.ts). */
export interface ScaleTask {
  task: 'scale';
  points: string[];
  recipes: string[];
  threads: number[];
  budget: InterleaveBudget;
  decodeBudget: InterleaveBudget;
  /** Points whose measurements also get ORT's per-operator profile. */
  profilePoints?: string[];
}

export type BenchTask = InfoTask | RunTask | VariantTask | ScaleTask;

export interface PageInfo {
  models: { id: string; title: string; task: string }[];
  crossOriginIsolated: boolean;
  cores: number;
  webgpu: BackendAvailability;
  userAgent: string;
}

export interface StepSummary {
  transform: string;
  options: Record<string, string | number | boolean>;
  ms: number;
  layersChanged: number;
  layers: number;
  /** float32 bytes of the layers the step changed (for MB/s). */
  weightBytes: number;
  warnings: string[];
}

export interface RecipeRun {
  name: string;
  error?: string;
  before?: SizeInfo;
  after?: SizeInfo;
  steps?: StepSummary[];
  /** Wall time of compress() as the page saw it (decode + transforms + encode, in the worker; gzip sizes and load excluded). */
  compressMs?: number;
  sha256?: string;
  backend?: Backend;
  threads?: number;
  loadMs?: number;
  /** The variant's timed runs, and the fp32 runs timed in the blocks interleaved with them. */
  latency?: LatencyStats;
  reference?: LatencyStats;
  /** latency median / reference median. */
  ratio?: number;
  /** The raw times behind latency and reference (ms, rounded to 0.1 µs), for pooled statistics. */
  times?: number[];
  referenceTimes?: number[];
  eval?: EvalResult;
}

export interface RunResult {
  model: string;
  backend: Backend;
  threadsRequested?: number;
  /** Threads the worker's ORT really uses (1 without cross-origin isolation). */
  threads?: number;
  /** Timed runs per recipe (and as many fp32 runs), in blocks of `block` runs. */
  runs: number;
  block: number;
  recipes: RecipeRun[];
  /** Each pre-warm round's median (ms), first to last, in the fp32 reference worker and the variant worker. */
  prewarm?: { reference: number[]; variant: number[] };
  ms: number;
}

export interface ColdResult {
  model: string;
  ok: boolean;
  error?: string;
  threads?: number;
  /** All in ms since navigation start (performance.timeOrigin). */
  moduleStartMs: number;
  openedMs?: number;
  loadedMs?: number;
  firstResultMs?: number;
  /** The session's own create time and the first run's own time, as the worker measured them. */
  sessionCreateMs?: number;
  firstRunMs?: number;
  modelBytes?: number;
}

export type BenchFunction = (task: BenchTask) => Promise<PageInfo | RunResult | ScaleRow[] | string>;

declare global {
  interface Window {
    modellabBench: BenchFunction;
    /** Set when the page was opened with ?cold=<model id>. */
    modellabBenchCold?: Promise<ColdResult>;
  }
}
