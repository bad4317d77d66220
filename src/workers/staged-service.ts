// A pane's worker logic for a multi-stage model (photo OCR: det -> cls -> rec): one recipe applied to every stage
// (a step's `stages` narrows it to some), one session per stage, and the model's adapter running the chain.
// Same LabApi as LabService, so panes, the sweep and the bench use it unchanged; lab-router.ts picks it.
// Variant bytes travel as one archive (stored zip, fixed dates, so the same variants give the same bytes).
import { strToU8, unzipSync, zipSync } from 'fflate';
import { DONE, type Text } from '../engine/i18n-text';
import { summarizeModel, type ModelSummary } from '../engine/model-info';
import { decodeModel } from '../engine/onnx';
import { compressRecipe, recipeSizes, type Recipe, type RecipeStep } from '../engine/pipeline';
import type { SensitivityReport } from '../engine/sensitivity';
import { sha256Hex } from '../engine/size';
import type { OpenModel } from '../engine/tensor-data';
import { plainPlan, type EvalResult } from '../models/evaluate';
import type { ChunkRequest, EvalChunk } from '../models/progressive';
import { getModel } from '../models/registry';
import type { StagedAdapter, StagedModelEntry } from '../models/types';
import { createRunner, loadModel, releaseModel, runModel, type LoadedModel, type RuntimeOptions } from '../runtime/ort';
import { summarize, type LatencyStats } from '../runtime/stats';
import { BASELINE_SETTLE, measureLatency, warmUp, type LatencyMeasurement, type LatencyPhase, type TimedInput, type TimedRuns, type WarmUp } from '../runtime/latency';
import type { CompressProgress, LabApi, ModelSource, OpenedModel, StagedLatency, StageInfo, StageVariantReport, VariantReport, WithInputs } from './lab-api';
import type { InputsUsed } from './upload-inputs';
import type { BenchmarkOptions, ModelInfo } from './model-api';
import { ModelService } from './model-service';
import { explainOrtError } from './ort-errors';

interface Stage {
  info: StageInfo;
  original: Uint8Array;
  variant: Uint8Array;
  session?: LoadedModel;
  reference?: OpenModel;
}

const ZIP_DATE = new Date(1980, 0, 1);
const REPORT_NAME = 'recipe.json';

/** The steps of `recipe` that apply to `stage`, without their stage lists. */
export function stageRecipe(recipe: Recipe, stage: string): Recipe {
  return recipe.filter((s) => !s.stages || s.stages.includes(stage)).map(({ stages: _stages, ...step }): RecipeStep => step);
}

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch the ${what} (${response.status} ${response.statusText}).`);
  return new Uint8Array(await response.arrayBuffer());
}

export class StagedLabService implements LabApi {
  #entry: StagedModelEntry | undefined;
  #adapter: StagedAdapter | undefined;
  #samples: unknown[] = [];
  #stages: Stage[] = [];
  #lastInput: unknown;
  /** The model whose fp32 chain has been warmed up until settled in this worker (see latency()). */
  #warmed: StagedModelEntry | undefined;

  capabilities() {
    return new ModelService().capabilities();
  }

  async open(source: ModelSource): Promise<OpenedModel> {
    await this.close();
    const entry = source.kind === 'builtin' ? getModel(source.id) : undefined;
    if (!entry?.stages) throw new Error('The staged lab service opens multi-stage builtin models only.');
    const [adapter, evalBytes, ...models] = await Promise.all([
      entry.loadAdapter(), fetchBytes(entry.evalUrl, 'evaluation set'), ...entry.stages.map((s) => fetchBytes(s.modelUrl, `${s.title.en} model`)),
    ]);
    this.#entry = entry;
    this.#adapter = adapter;
    this.#samples = adapter.parseEvalSet(evalBytes);
    this.#stages = await Promise.all(entry.stages.map(async (s, i): Promise<Stage> => {
      const bytes = models[i];
      return { original: bytes, variant: bytes, info: { id: s.id, title: s.title, sha256: await sha256Hex(bytes), bytes: bytes.length, summary: summarizeModel(decodeModel(bytes)) } };
    }));
    const infos = this.#stages.map((s) => s.info);
    return {
      name: entry.id, sha256: await sha256Hex(infos.map((s) => s.sha256).join(':')), summary: mergeSummaries(infos.map((s) => s.summary)),
      bytes: infos.reduce((n, s) => n + s.bytes, 0), evalSamples: adapter.evalSize(this.#samples), stages: infos,
      trainable: false, // no training data for photo OCR: training-free recovery applies
    };
  }

  async compress(recipe: Recipe, onProgress?: CompressProgress, threads?: number): Promise<VariantReport> {
    const adapter = this.#require();
    await this.#release();
    const reports: StageVariantReport[] = [];
    for (const [i, stage] of this.#stages.entries()) {
      const steps = stageRecipe(recipe, stage.info.id);
      const calibration = steps.some((s) => s.transform === 'int8-qdq') ? adapter.calibration(stage.info.id, this.#samples) : [];
      const progress = (f: number, m: Text) => onProgress?.((i + f) / this.#stages.length, { en: `${stage.info.id}: ${m.en}`, zh: `${stage.info.id}：${m.zh}` });
      try {
        const result = await compressRecipe(stage.original, steps, { onProgress: progress, calibration, runner: createRunner({ backend: 'wasm', threads }) });
        stage.variant = result.bytes;
        const { bytes: _bytes, ...report } = result;
        reports.push({ ...report, id: stage.info.id, title: stage.info.title, recipe: steps });
      } catch (e) {
        throw explainOrtError(new Error(`${stage.info.title.en}: ${(e as Error).message}`, { cause: e }), 'wasm');
      }
    }
    onProgress?.(1, DONE);
    return this.#report(recipe, reports);
  }

  /** Raw and gzip totals over the stages (gzip measured once per stage's bytes). */
  async sizes() {
    this.#require();
    const each = await Promise.all(this.#stages.map((s) => recipeSizes(s.original, s.variant)));
    const sum = (which: 'before' | 'after', k: 'raw' | 'gzip') => each.reduce((n, e) => n + e[which][k], 0);
    return { before: { raw: sum('before', 'raw'), gzip: sum('before', 'gzip') }, after: { raw: sum('after', 'raw'), gzip: sum('after', 'gzip') } };
  }

  async adoptVariant(bytes: Uint8Array, report: VariantReport): Promise<VariantReport> {
    this.#require();
    await this.#release();
    const files = unzipSync(bytes);
    for (const stage of this.#stages) {
      const b = files[`${stage.info.id}.onnx`];
      if (!b) throw new Error(`The cached variant has no ${stage.info.id}.onnx.`);
      decodeModel(b); // a cache entry is re-checked like any model
      stage.variant = b;
    }
    return { ...report, summary: mergeSummaries(this.#stages.map((s) => summarizeModel(decodeModel(s.variant)))) };
  }

  async load(options: RuntimeOptions): Promise<ModelInfo> {
    this.#require();
    await this.#release();
    let loadMs = 0;
    for (const stage of this.#stages) {
      try {
        stage.session = await loadModel(stage.variant, options);
      } catch (e) {
        await this.#release();
        throw explainOrtError(e, options.backend, 'load');
      }
      loadMs += stage.session.loadMs;
    }
    const first = this.#stages[0].session!;
    return { backend: first.backend, threads: first.threads, inputNames: [...first.inputNames], outputNames: [...this.#stages.at(-1)!.session!.outputNames], loadMs, bytes: this.#stages.reduce((n, s) => n + s.variant.length, 0) };
  }

  async predict(input: unknown) {
    const adapter = this.#require();
    this.#lastInput = input;
    const r = await this.#guard(() => adapter.predict(input, this.#sessions()));
    return { prediction: r.prediction, ms: r.stageMs.total };
  }

  async benchmark(options: BenchmarkOptions, onProgress?: (done: number) => void): Promise<WithInputs<StagedLatency>> {
    const adapter = this.#require();
    if (!(options.runs >= 1 && options.warmup >= 0)) throw new Error(`benchmark needs runs >= 1 and warmup >= 0 (got ${options.runs}, ${options.warmup})`);
    const input = this.#lastInput ?? adapter.sampleInput(this.#samples);
    const inputs: InputsUsed = { source: this.#lastInput === undefined ? 'eval-set' : 'live', n: 1 };
    const sessions = this.#sessions();
    return this.#guard(async () => {
      for (let i = 0; i < options.warmup; i++) await adapter.predict(input, sessions);
      const times: Record<string, number[]> = {};
      for (let i = 0; i < options.runs; i++) {
        const r = await adapter.predict(input, sessions);
        for (const [k, v] of Object.entries(r.stageMs)) (times[k] ??= []).push(v);
        onProgress?.(i + 1);
      }
      const { total, ...stages } = times;
      // keepTimes: the raw end-to-end times, as the single-model service gives them (the bench's in-worker loop).
      return { ...summarize(total, options.warmup), ...(options.keepTimes ? { times: total } : {}), inputs, stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summarize(v, options.warmup)])) };
    });
  }

  /**
   * The one latency method (runtime/latency.ts) over the whole chain: the variant warmed up until settled, then
   * `runs` timed runs on the current photo (or eval photo 1), each stage's share timed too. The first time in this
   * worker, the fp32 chain is warmed up until settled first, as LabService does for single models.
   */
  async latency(options: { runs: number }, onPhase?: (phase: LatencyPhase) => void): Promise<WithInputs<LatencyMeasurement & { stages: Record<string, LatencyStats> }>> {
    const adapter = this.#require();
    const sessions = this.#sessions();
    const live = this.#lastInput !== undefined;
    const photo = live ? this.#lastInput : adapter.sampleInput(this.#samples);
    const input: TimedInput = { source: live ? 'live' : 'eval-set', ...(live ? {} : { index: 1 }), dims: [photoDims(photo)] };
    const first = this.#stages[0].session!;
    return this.#guard(async () => {
      let baseline: WarmUp | undefined;
      if (this.#warmed !== this.#entry) {
        onPhase?.('baseline');
        baseline = await this.#warmBaseline(photo, first.backend);
        this.#warmed = this.#entry;
      }
      // Stage times of the timed runs only (the warm-up's are dropped when the timed phase starts).
      let stageTimes: Record<string, number[]> = {};
      const run = chainRuns(adapter, photo, sessions, (ms) => { for (const [k, v] of Object.entries(ms)) if (k !== 'total') (stageTimes[k] ??= []).push(v); });
      const measured = await measureLatency(run, {
        runs: options.runs, input, backend: first.backend, threads: first.threads, baseline,
        onPhase: (phase) => { if (phase === 'timed') stageTimes = {}; onPhase?.(phase); },
      });
      const stages = Object.fromEntries(Object.entries(stageTimes).map(([k, v]) => [k, summarize(v, measured.warmup)]));
      return { ...measured, stages, inputs: { source: input.source, n: 1 } };
    });
  }

  /** fp32 stages on the variant's backend until settled: the variant's own sessions when every stage is fp32. */
  async #warmBaseline(photo: unknown, backend: RuntimeOptions['backend']): Promise<WarmUp> {
    const adapter = this.#require();
    if (this.#stages.every((s) => s.variant === s.original)) return warmUp(chainRuns(adapter, photo, this.#sessions()), BASELINE_SETTLE);
    const fp32: LoadedModel[] = [];
    try {
      for (const s of this.#stages) fp32.push(await loadModel(s.original, { backend }));
      const models = Object.fromEntries(this.#stages.map((s, i) => [s.info.id, asOpenModel(fp32[i])]));
      return await warmUp(chainRuns(adapter, photo, models), BASELINE_SETTLE);
    } finally {
      for (const m of fp32) await releaseModel(m);
    }
  }

  /**
   * Photo OCR's figures (CER over photos, detection precision/recall/F1, all with photo-bootstrap intervals) do not
   * reduce to per-sample outcomes, so its one chunk is the whole set (or the first `end` photos), with n stated.
   */
  async evaluateChunk(request: ChunkRequest, onProgress?: (done: number, total: number) => void): Promise<EvalChunk> {
    const adapter = this.#require();
    const total = adapter.evalSize(this.#samples);
    const end = Math.min(total, request.end ?? total);
    const summary = await this.evaluate({ limit: end }, onProgress);
    const { inputs: _inputs, ...result } = summary;
    return { plan: plainPlan('cer', end), outcomes: [], next: end, ms: result.ms, source: 'eval-set', summary: result };
  }

  async evaluate(options: { limit?: number }, onProgress?: (done: number, total: number) => void): Promise<WithInputs<EvalResult>> {
    const adapter = this.#require();
    const sessions = this.#sessions();
    // The fp32 stages always run on WASM, so agreement compares the technique, not the backend's rounding.
    for (const s of this.#stages) s.reference ??= await createRunner({ backend: 'wasm' }).open(s.original);
    const reference = Object.fromEntries(this.#stages.map((s) => [s.info.id, s.reference!]));
    const result = await this.#guard(() => adapter.evaluate(sessions, this.#samples, { limit: options.limit, onProgress, reference }));
    return { ...result, inputs: { source: 'eval-set', n: result.n } };
  }

  async sensitivity(): Promise<SensitivityReport> {
    this.#require();
    const entry = this.#entry!;
    throw new Error(`Layer sensitivity measures one model at a time, and ${entry.title.en} chains ${this.#stages.length} (${this.#stages.map((s) => s.info.title.en).join(', ')}). Open a single model (e.g. the text line recognizer) to analyse its layers.`);
  }

  /** One archive: `<stage>.onnx` per stage and recipe.json (which recipe made each, for people reading it). */
  async variantBytes(): Promise<Uint8Array> {
    this.#require();
    const files: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {};
    for (const s of this.#stages) files[`${s.info.id}.onnx`] = [s.variant, { level: 0, mtime: ZIP_DATE }];
    files[REPORT_NAME] = [strToU8(JSON.stringify({ model: this.#entry!.id, stages: this.#stages.map((s) => ({ id: s.info.id, bytes: s.variant.length })) }, null, 1)), { level: 0, mtime: ZIP_DATE }];
    return zipSync(files);
  }

  async close(): Promise<void> {
    await this.#release();
    this.#warmed = undefined;
    await Promise.all(this.#stages.map((s) => s.reference?.close()));
    this.#stages = [];
    this.#lastInput = undefined;
  }

  #report(recipe: Recipe, stages: StageVariantReport[]): VariantReport {
    const total = (which: 'before' | 'after') => stages.reduce((n, s) => n + s[which].raw, 0);
    return {
      recipe, stages, steps: [], before: { raw: total('before') }, after: { raw: total('after') },
      summary: mergeSummaries(this.#stages.map((s) => summarizeModel(decodeModel(s.variant)))),
    };
  }

  #sessions(): Record<string, OpenModel> {
    if (this.#stages.some((s) => !s.session)) throw new Error('The model is not loaded on a backend yet.');
    return Object.fromEntries(this.#stages.map((s) => [s.info.id, asOpenModel(s.session!)]));
  }

  async #guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw explainOrtError(e, this.#stages[0]?.session?.backend ?? 'wasm');
    }
  }

  async #release(): Promise<void> {
    for (const s of this.#stages) {
      const session = s.session;
      s.session = undefined;
      if (session) await releaseModel(session);
    }
  }

  #require(): StagedAdapter {
    if (!this.#adapter || !this.#stages.length) throw new Error('Choose a model first.');
    return this.#adapter;
  }
}

function asOpenModel(session: LoadedModel): OpenModel {
  return { inputNames: session.inputNames, outputNames: session.outputNames, run: async (f) => (await runModel(session, f)).outputs, close: async () => {} };
}

/** The whole chain on one photo, `n` times, end to end (each run's stage times go to `onStages`). */
function chainRuns(adapter: StagedAdapter, photo: unknown, models: Record<string, OpenModel>, onStages?: (ms: Record<string, number>) => void): TimedRuns {
  return async (n) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await adapter.predict(photo, models);
      times.push(r.stageMs.total);
      onStages?.(r.stageMs);
    }
    return times;
  };
}

/** A photo's shape as the latency label gives it: height × width × 4 (RGBA). */
function photoDims(photo: unknown): number[] {
  const p = photo as { width?: number; height?: number };
  return p.width && p.height ? [p.height, p.width, 4] : [];
}

/** One summary for the whole chain: counts add up, op counts merge, inputs are the first stage's, outputs the last's. */
export function mergeSummaries(parts: ModelSummary[]): ModelSummary {
  const ops: Record<string, number> = {};
  for (const p of parts) for (const [op, n] of Object.entries(p.ops)) ops[op] = (ops[op] ?? 0) + n;
  return {
    producer: [...new Set(parts.map((p) => p.producer))].join(', '), opsets: Object.assign({}, ...parts.map((p) => p.opsets)),
    nodes: parts.reduce((n, p) => n + p.nodes, 0), ops, params: parts.reduce((n, p) => n + p.params, 0), weightBytes: parts.reduce((n, p) => n + p.weightBytes, 0),
    inputs: parts[0].inputs, outputs: parts[parts.length - 1].outputs, hasMatMul: parts.some((p) => p.hasMatMul), hasConv: parts.some((p) => p.hasConv),
    nonFinite: parts.flatMap((p) => p.nonFinite),
  };
}

