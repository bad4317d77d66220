// The typed API of a comparison pane's worker: one model, one variant (recipe applied), one session.
// Each pane owns one such worker, so two panes compress, run and measure independently.
import type { ModelSummary } from '../engine/model-info';
import type { Text } from '../engine/i18n-text';
import type { Recipe, RecipeResult, RecipeStep } from '../engine/pipeline';
import type { RawSize, SizeInfo } from '../engine/size';
import type { SensitivityReport } from '../engine/sensitivity';
import type { TrainingProgress } from '../engine/train/data';
import type { EvalResult } from '../models/evaluate';
import type { Prediction } from '../models/types';
import type { RuntimeOptions } from '../runtime/ort';
import type { LatencyStats } from '../runtime/stats';
import type { LatencyMeasurement, LatencyPhase } from '../runtime/latency';
import type { ChunkRequest, EvalChunk } from '../models/progressive';
import type { BenchmarkOptions, ModelInfo, WorkerCapabilities } from './model-api';
import type { SensitivityProgress, SensitivityRequest } from './lab-sensitivity';
import type { InputSetup, InputsUsed, UploadInputsReport } from './upload-inputs';

export type ModelSource = { kind: 'builtin'; id: string } | { kind: 'upload'; name: string; bytes: Uint8Array; inputs?: InputSetup };

export interface OpenedModel {
  name: string;
  /** SHA-256 of the model bytes: with the recipe, the key of a cached variant. */
  sha256: string;
  summary: ModelSummary;
  bytes: number;
  /** Builtin models have labelled eval sets; uploads are compared with their fp32 self (on the user's samples, or synthetic inputs). */
  evalSamples: number;
  /** Whether ModelLab has training data for this model (recovery fine-tuning and distillation need it). */
  trainable: boolean;
  /** Uploads: the input shapes used and how many samples are the user's. */
  inputs?: UploadInputsReport;
  /** Multi-stage models (photo OCR): each stage model; `summary` and `bytes` above are their totals. */
  stages?: StageInfo[];
}

export interface StageInfo {
  id: string;
  title: Text;
  sha256: string;
  bytes: number;
  summary: ModelSummary;
}

/** A measurement with the inputs it ran on (n, and whether they were the user's samples or synthetic). */
export type WithInputs<T> = T & { inputs: InputsUsed };

/** A size whose gzip part may still be under measurement (see LabApi.sizes). */
export type PendingSize = RawSize & { gzip?: number };

/**
 * A recipe's result without the model bytes (those stay in the worker until exported). Straight from compress()
 * its gzip sizes are missing: they are measured by sizes(), after the bytes were handed to ORT.
 */
export type VariantReport = Omit<RecipeResult, 'bytes' | 'before' | 'after'> & {
  before: PendingSize;
  after: PendingSize;
  recipe: Recipe;
  summary: ModelSummary;
  /** Which inputs int8 QDQ calibrated on (recipes with int8-qdq only). */
  calibration?: InputsUsed;
  /** Multi-stage models: what each stage's recipe did (`steps` above is empty; sizes are the totals). */
  stages?: StageVariantReport[];
};

export type SizedVariantReport = VariantReport & { before: SizeInfo; after: SizeInfo };

export function hasSizes(r: VariantReport): r is SizedVariantReport {
  return r.before.gzip !== undefined && r.after.gzip !== undefined;
}

/** Progress of a recipe; `training` is set while a step trains (the live loss curve). */
export type CompressProgress = (fraction: number, message: Text, training?: TrainingProgress) => void;

/** Latency of a multi-stage model: the whole chain, with each stage's own share. */
export type StagedLatency = LatencyStats & { stages: Record<string, LatencyStats> };

export const isStagedLatency = (l: LatencyStats | undefined): l is StagedLatency => !!l && 'stages' in l;

/** One stage's share of a multi-stage variant's report (raw sizes; the totals get gzip from sizes()). */
export type StageVariantReport = Omit<RecipeResult, 'bytes' | 'before' | 'after'> & { before: PendingSize; after: PendingSize; id: string; title: Text; recipe: Recipe };

export interface LabApi {
  capabilities(): Promise<WorkerCapabilities>;
  open(source: ModelSource): Promise<OpenedModel>;
  /**
   * `threads`: WASM threads for calibration (int8-qdq runs the model). ORT fixes a worker's thread count at its
   * first session, so this must match the pane's choice, and QDQ bytes can differ in the last bits between counts.
   */
  compress(recipe: Recipe, onProgress?: CompressProgress, threads?: number): Promise<VariantReport>;
  /** Raw and gzip sizes of the opened model and of the current variant (gzip measured once per model bytes). */
  sizes(): Promise<{ before: SizeInfo; after: SizeInfo }>;
  /** Uses variant bytes made earlier (from the page's cache) instead of compressing again. */
  adoptVariant(bytes: Uint8Array, report: VariantReport): Promise<VariantReport>;
  load(options: RuntimeOptions): Promise<ModelInfo>;
  predict(input: unknown): Promise<{ prediction: Prediction; ms: number }>;
  /** Raw timing (the bench's building block): `warmup` untimed runs, then `runs` timed ones. */
  benchmark(options: BenchmarkOptions, onProgress?: (done: number) => void): Promise<WithInputs<LatencyStats>>;
  /** The latency every view shows: warm-up until settled (fp32 first, once per worker), then n timed runs, saying what it
   * timed. `vsFp32`: the n runs alternate with an fp32 session's, and the result carries their ratio (LatencyMeasurement.vsFp32). */
  latency(options: { runs: number; vsFp32?: boolean }, onPhase?: (phase: LatencyPhase) => void): Promise<WithInputs<LatencyMeasurement>>;
  /** The next part of the eval set, in its stratified order, as per-sample outcomes (see models/progressive.ts). */
  evaluateChunk(request: ChunkRequest, onProgress?: (done: number, total: number) => void): Promise<EvalChunk>;
  /** The whole eval set (or the first `limit` samples of its stratified order) in one call; `keepSamples`: also
   * each sample's class probabilities (classifiers), for the ensemble of the two panes. */
  evaluate(options: { limit?: number; keepSamples?: boolean }, onProgress?: (done: number, total: number) => void): Promise<WithInputs<EvalResult>>;
  variantBytes(): Promise<Uint8Array>;
  /** Per-layer damage of one technique on the opened model, and a measured mixed recipe (see engine/sensitivity.ts). */
  sensitivity(step: RecipeStep, options: SensitivityRequest, onProgress?: SensitivityProgress): Promise<SensitivityReport>;
}

/** Identifies a model source: an upload by name, size and input revision (its bytes are not hashed again). */
export function sourceKey(source: ModelSource): string {
  return source.kind === 'builtin' ? `builtin:${source.id}` : `upload:${source.name}:${source.bytes.length}:${source.inputs?.revision ?? 0}`;
}
