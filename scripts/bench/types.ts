// The shape of bench/results.json: raw measurements (browser runs, cold starts, native runs, engine speed) plus
// what report.ts derives from them (per-model tables, target checks). Types only.
import type { ColdResult, PageInfo, RunResult } from '../../src/bench/protocol';
import type { Interval } from '../../src/engine/confidence';
import type { LatencyStats } from '../../src/runtime/stats';
import type { MachineInfo } from './machine';
import type { StandardRecipe } from './recipes';
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

export interface NativeResult {
  model: string;
  recipe: string;
  threads: number;
  latency?: LatencyStats;
  loadMs?: number;
  sha256?: string;
  error?: string;
}

export interface NativeReport {
  available: boolean;
  version?: string;
  /** Why it was skipped and how to install it. */
  hint?: string;
  results: NativeResult[];
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
  warmup: Record<string, number>;
  runs: Record<string, number>;
  minTimeMs: Record<string, number | null>;
  maxRuns: Record<string, number | null>;
  prewarmMs: Record<string, number | null>;
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
  /** Median / the median of the fp32 runs timed in blocks interleaved with these. */
  ratio?: number;
  fp32MedianMs?: number;
  minMs?: number;
  /** fp32 row: median/p95/min over all fp32 runs of the reference worker (ratio stays fp32 vs fp32). */
  pooled?: boolean;
}

export interface NativeCell {
  medianMs: number;
  p95Ms: number;
  minMs: number;
  /** Browser WASM fastest run / native fastest run: the least load-sensitive comparison. */
  minRatio?: number;
  /** Browser WASM median (same thread count) / native median. */
  browserRatio?: number;
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
  /** Per backend, how far the interleaved fp32 medians moved across the recipes (max / min - 1): the run's noise. */
  fp32Spread: Record<string, number | undefined>;
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

/** 1-minute load average before and after a phase, per model. */
export interface PhaseLoad {
  model: string;
  browser: [number, number];
  native?: [number, number];
}

export interface BenchResults {
  schema: 1;
  date: string;
  totalMs: number;
  machine: MachineInfo;
  page: PageInfo;
  settings: BenchSettings;
  browser: BrowserRun[];
  cold: ColdResult[];
  native: NativeReport;
  engine: EngineResult[];
  loads: PhaseLoad[];
  tables: ModelTable[];
  targets: TargetCheck[];
  notes: string[];
  /** The scale section (generated Transformers): one entry per point × recipe × threads measured. */
  scale?: ScaleEntry[];
  scaleRun?: Omit<ScaleSection, 'entries'>;
}
