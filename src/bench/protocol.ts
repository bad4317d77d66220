// What the bench page (bench.html, driven by scripts/bench/run.ts through Playwright) accepts and returns.
// Types only, so the Node side can import them without pulling in the page.
import type { Recipe } from '../engine/pipeline';
import type { SizeInfo } from '../engine/size';
import type { EvalResult } from '../models/evaluate';
import type { Backend, BackendAvailability } from '../runtime/backend';
import type { LatencyStats, SettleResult } from '../runtime/stats';
import type { GemmShape } from './gemm';
import type { InterleaveBudget } from '../runtime/interleaved';
import type { ScaleRow } from '../workers/scale-runner';

export interface InfoTask {
  task: 'info';
}

/** Warm up (untimed) until the times settle, at least `minMs` and at most `maxMs` (see warmUntilSettled). */
export interface SettleSpec {
  minMs: number;
  maxMs: number;
}

export interface RunTask {
  task: 'run';
  model: string;
  backend: Backend;
  /** WASM threads; ORT fixes them per worker, so every RunTask gets fresh workers. */
  threads?: number;
  recipes: { name: string; recipe: Recipe }[];
  /** Every worker (the fp32 reference once, the variant worker after each recipe is loaded) warms up until its
   * times settle before anything is timed. */
  settle: SettleSpec;
  /** At least this many timed runs per recipe (and as many fp32 runs interleaved with them) ... */
  runs: number;
  /** ... and, for fast models, enough to cover this much fp32 time (capped at maxRuns): a 0.3 ms model timed
   * 30 times is 10 ms of data, which one scheduler hiccup on a shared machine can move. Decided from the settled
   * fp32 time and then used for every recipe of the task, so ratios compare like with like. */
  minTimeMs?: number;
  maxRuns?: number;
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

/**
 * Like for like with native: fp32 in one worker per thread count, side by side, each settled, then timed in
 * alternating blocks (1, 2, 2, 1, ...), each block one message of `block` runs timed inside the worker.
 */
export interface ThreadsTask {
  task: 'threads';
  model: string;
  threads: number[];
  runs: number;
  block: number;
  settle: SettleSpec;
}

/** Single-thread fp32 GEMM (src/bench/gemm.ts) in a lab worker, timed inside the worker: GFLOP/s. */
export interface GemmTask {
  task: 'gemm';
  shape: GemmShape;
  runs: number;
  settle: SettleSpec;
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

export type BenchTask = InfoTask | RunTask | VariantTask | ThreadsTask | GemmTask | ScaleTask;

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
  /** latency median / reference median, and its bootstrap 95% interval [lo, hi]. */
  ratio?: number;
  ratioCi95?: [number, number];
  /** The variant's warm-up before it was timed (medians of each round, settled or not, runs and ms). */
  settle?: SettleResult & { runs: number };
  /** The same variant timed in one message of `times.length` runs inside the worker (as native is timed). */
  loopTimes?: number[];
  loopMedianMs?: number;
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
  /** The fp32 reference worker's warm-up (each round's median, first to last). */
  settle?: SettleResult & { runs: number };
  ms: number;
}

export interface ThreadsWorkerResult {
  threadsRequested: number;
  /** Threads the worker's ORT really uses (1 without cross-origin isolation). */
  threads: number;
  settle: SettleResult & { runs: number };
  /** In-worker loop times (ms), all blocks, in order. */
  times: number[];
  loopMedianMs: number;
}

export interface ThreadsResult {
  model: string;
  block: number;
  workers: ThreadsWorkerResult[];
  error?: string;
  ms: number;
}

export interface GemmResult {
  shape: GemmShape;
  threads: number;
  settle?: SettleResult & { runs: number };
  times: number[];
  medianMs?: number;
  gflops?: number;
  error?: string;
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

export type BenchFunction = (task: BenchTask) => Promise<PageInfo | RunResult | ThreadsResult | GemmResult | ScaleRow[] | string>;

declare global {
  interface Window {
    modellabBench: BenchFunction;
    /** Set when the page was opened with ?cold=<model id>. */
    modellabBenchCold?: Promise<ColdResult>;
  }
}
