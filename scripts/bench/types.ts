// The shape of bench/results.json: raw measurements (browser runs, cold starts, native runs, engine speed) plus
// what report.ts derives from them (per-model tables, target checks). Types only.
import type { GemmShape } from '../../src/bench/gemm';
import type { ColdResult, GemmResult, PageInfo, RunResult, SettleSpec, ThreadsResult } from '../../src/bench/protocol';
import type { Interval } from '../../src/engine/confidence';
import type { LatencyStats, SettleResult } from '../../src/runtime/stats';
import type { LoadSummary } from './load';
import type { MachineInfo } from './machine';
import type { StandardRecipe } from './recipes';
import type { PhotoOcrEntry } from './photo-ocr';
import type { ScaleEntry, ScaleSection } from './scale-report';

export interface EngineResult {
  model: string;
  recipe: string;
  transform: string;
  error?: string;
  /** float32 bytes of the layers the step changed. */
  weightBytes: number;
  layersChanged: number;
  layers: number;
  repeats: number;
  firstWallMs: number;
  /** Median transform-only wall / CPU time (calibration excluded). */
  wallMs: number;
  cpuMs: number;
  calibrationWallMs?: number;
  /** decode + transform + encode. */
  pipelineMs: number;
  mbPerSecWall: number;
  mbPerSecCpu: number;
  /** Median wall time of compressRecipe (what the worker runs before ORT gets the bytes; gzip excluded), and its MB/s. */
  endToEndMs: number;
  endToEndCpuMs: number;
  mbPerSecEndToEnd: number;
  sha256: string;
  /** Every repeat produced the same bytes. */
  deterministic: boolean;
}

type Settle = SettleResult & { runs: number };

export interface NativeResult {
  model: string;
  recipe: string;
  threads: number;
  latency?: LatencyStats;
  /** The timed runs (ms, rounded to 0.1 µs), after warm-up until they settled. */
  times?: number[];
  settle?: Settle;
  loadMs?: number;
  sha256?: string;
  error?: string;
}

/** fp32 in one onnxruntime-node session per thread count, timed in alternating blocks. */
export interface NativeThreads {
  model: string;
  block: number;
  workers: { threads: number; settle: Settle; times: number[]; loopMedianMs: number }[];
  error?: string;
}

export interface NativeGemm {
  shape: GemmShape;
  threads: number;
  settle?: Settle;
  times: number[];
  medianMs?: number;
  gflops?: number;
  error?: string;
}

export interface NativeReport {
  available: boolean;
  version?: string;
  /** Why it was skipped and how to install it. */
  hint?: string;
  results: NativeResult[];
  threads?: NativeThreads[];
  gemm?: NativeGemm;
}

export interface BackendConfig {
  key: string;
  label: string;
  backend: 'wasm' | 'webgpu';
  threads?: number;
  /** False for the software WebGPU adapter: shown, never to be quoted. */
  quotable: boolean;
}

export interface BenchSettings {
  quick: boolean;
  /** Per model: every worker and native session warms up until its times settle (at least minMs, at most maxMs). */
  settle: Record<string, SettleSpec>;
  runs: Record<string, number>;
  minTimeMs: Record<string, number | null>;
  maxRuns: Record<string, number | null>;
  /** null: the full eval set. */
  evalLimit: Record<string, number | null>;
  /** The backend whose worker ran the eval harness (labels and agreement are the same on every CPU backend). */
  evalBackend: string;
  engineRepeats: Record<string, number>;
  recipes: StandardRecipe[];
  backends: BackendConfig[];
}

export type BrowserRun = RunResult & { backendKey: string };

export interface LatencyCell {
  medianMs: number;
  p95Ms: number;
  n: number;
  /** The median over rounds of this block / the fp32 block next to it, and its 95% interval (order statistics). */
  ratio?: number;
  ratioCi95?: [number, number];
  /** The ratio's interval overlaps the fp32-vs-fp32 noise band of this backend (see ModelTable.noise). */
  withinNoise?: boolean;
  /** The variant's warm-up reached steady times (false: it gave up at the maximum; the times are suspect). */
  settled?: boolean;
  /** The same variant timed in one message of N runs inside the worker (native's way of timing). */
  loopMedianMs?: number;
  fp32MedianMs?: number;
  minMs?: number;
  /** fp32 row: median/p95/min over all fp32 runs of the reference worker (ratio stays fp32 vs fp32). */
  pooled?: boolean;
}

export interface NativeCell {
  medianMs: number;
  p95Ms: number;
  minMs: number;
  /** Browser WASM in-worker loop median (same thread count) / native median, and its bootstrap 95% interval. */
  browserRatio?: number;
  browserRatioCi95?: [number, number];
}

export interface RecipeRow {
  recipe: string;
  label: string;
  errors: string[];
  raw?: number;
  gzip?: number;
  rawRatio?: number;
  gzipRatio?: number;
  sha256?: string;
  /** float32 bytes of the layers the recipe changed, and how many layers it changed (from the compress report). */
  weightBytes?: number;
  layersChanged?: number;
  layers?: number;
  warnings?: string[];
  /** Browser workers and the Node engine produced the same bytes. */
  hashCheck: 'match' | 'mismatch' | 'single';
  /** Which source (backend key or "engine") produced which sha256. */
  hashSources: Record<string, string>;
  latency: Record<string, LatencyCell | undefined>;
  metric?: 'accuracy' | 'cer' | 'agreement';
  value?: number;
  ci95?: Interval;
  n?: number;
  exactMatch?: number;
  agreement?: number;
  meanAbsDelta?: number;
  native: Record<string, NativeCell | undefined>;
}

export interface ModelTable {
  model: string;
  title: string;
  evalNote: string;
  /** Per backend, how far the interleaved fp32 medians moved across the recipes (max / min - 1). */
  fp32Spread: Record<string, number | undefined>;
  /** Per backend, the fp32-vs-fp32 ratio's 95% interval widened to include 1: ratios whose interval overlaps it
   * are not distinguishable from running fp32 against itself in this run. */
  noise: Record<string, [number, number] | undefined>;
  rows: RecipeRow[];
}

export type TargetStatus = 'met' | 'not met' | 'not measured';

export interface TargetCheck {
  id: string;
  target: string;
  subject: string;
  measured: string;
  status: TargetStatus;
  reason?: string;
}

/** Web vs native like for like, per model and thread count: in-worker loop vs native loop, both interleaved
 * between their 1- and 2-thread workers; plus each runtime's 2-thread speed-up. */
export interface LikeForLikeRow {
  threads: number;
  webMs?: number;
  nativeMs?: number;
  /** web / native, and its bootstrap 95% interval. */
  ratio?: number;
  ratioCi95?: [number, number];
}

export interface LikeForLike {
  model: string;
  rows: LikeForLikeRow[];
  /** Median time with 1 thread / with 2 threads (> 1: two threads are faster), per runtime, with 95% intervals. */
  speedup: { web?: { ratio: number; ci95: [number, number] }; native?: { ratio: number; ci95: [number, number] } };
  error?: string;
}

export interface GemmComparison {
  shape: GemmShape;
  web?: GemmResult;
  native?: NativeGemm;
  /** native GFLOP/s / web GFLOP/s. */
  nativeOverWeb?: number;
}

/** 1-minute load average before and after a phase, per model. */
export interface PhaseLoad {
  model: string;
  browser: [number, number];
  native?: [number, number];
}

/**
 * One row of the bench's `recovery` array: a compression, the same compression followed by a recovery step, and
 * the model's fp32 quality, all measured on the full eval set. Each recovery module (training, training-free)
 * appends its own rows; `target` makes recovery-report.ts check it.
 */
export interface RecoveryResult {
  model: string;
  /** What was done, e.g. "prune-structured 50% + recover". */
  recipe: string;
  /** Quality (fraction: accuracy, or CER where metric is 'cer') of the compression alone / with recovery / fp32. */
  qualityBefore: number | null;
  qualityAfter: number | null;
  fp32Quality: number;
  /** Wall seconds of the recovery step alone (it runs on one thread whatever `threads` says). */
  seconds: number;
  threads: number;
  metric: 'accuracy' | 'cer';
  n: number;
  ci95After?: Interval;
  cpuSeconds?: number;
  /** 1-minute load average before and after the recovery step. */
  load?: [number, number];
  steps?: number;
  bytesBefore?: number;
  bytesAfter?: number;
  /** Met when qualityAfter reaches `quality` (at least for accuracy, at most for CER) within `seconds`. */
  target?: { quality: number; seconds?: number };
  /** What the step learned from, e.g. "64 eval samples (not scored)". */
  data?: string;
  /** What the compression did (per layer), for explaining a target that cannot be met. */
  compressionDetail?: string;
  error?: string;
}

/** Two variants' probabilities averaged (the ensemble panel's arithmetic) on the same held-out samples. */
export interface EnsembleEntry {
  model: string;
  members: [string, string];
  memberQualities: [number, number];
  quality: number;
  ci95: Interval;
  fp32Quality: number;
  /** Share of samples with the fp32 model's top-1. */
  agreement: number;
  n: number;
  /** Raw bytes of both members together, and of fp32. */
  bytes: number;
  fp32Bytes: number;
  error?: string;
}

export interface BenchResults {
  schema: 2;
  date: string;
  totalMs: number;
  machine: MachineInfo;
  page: PageInfo;
  settings: BenchSettings;
  browser: BrowserRun[];
  /** The browser's like-for-like runs (ThreadsTask), per model. */
  threads: ThreadsResult[];
  gemmWeb?: GemmResult;
  cold: ColdResult[];
  native: NativeReport;
  engine: EngineResult[];
  loads: PhaseLoad[];
  /** The machine's load, sampled through the whole run. */
  load: LoadSummary;
  likeForLike: LikeForLike[];
  gemm?: GemmComparison;
  tables: ModelTable[];
  targets: TargetCheck[];
  /** Recovery steps (fine-tuning, distillation, training-free): quality before/after; empty with --no-recovery. */
  recovery: RecoveryResult[];
  ensembles: EnsembleEntry[];
  notes: string[];
  /** Whole-photo OCR per recipe (scripts/bench/photo-ocr.ts); absent when the model was not benchmarked. */
  photoOcr?: PhotoOcrEntry[];
  /** The scale section (generated Transformers): one entry per point × recipe × threads measured. */
  scale?: ScaleEntry[];
  scaleRun?: Omit<ScaleSection, 'entries'>;
}
