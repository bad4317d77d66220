// A comparison pane's worker logic (Node-testable): applies recipes, loads the variant on a backend, runs,
// benchmarks and evaluates it against labels and against the fp32 model.
import { compressRecipe, recipeSizes, type CompressedRecipe, type Recipe, type RecipeStep } from '../engine/pipeline';
import { prepareForLoad, type PreparedModel } from '../engine/compute-format';
import type { SensitivityReport } from '../engine/sensitivity';
import { decodeModel } from '../engine/onnx';
import { summarizeModel } from '../engine/model-info';
import { sha256Hex } from '../engine/size';
import { evaluateOutcomes, metricOf, summarizeOutcomes, type EvalPlan, type EvalResult } from '../models/evaluate';
import { stratifiedOrder } from '../models/eval-order';
import { quickSize, type ChunkRequest, type EvalChunk } from '../models/progressive';
import type { Prediction } from '../models/types';
import { createRunner, benchmarkModel, loadModel, releaseModel, runModel, timedRuns, type LoadedModel, type RuntimeOptions } from '../runtime/ort';
import { BASELINE_SETTLE, measureAgainstFp32, measureLatency, warmUp, type LatencyMeasurement, type LatencyPhase, type TimedInput, type WarmUp } from '../runtime/latency';
import type { Feeds, OpenModel } from '../engine/tensor-data';
import { ModelService } from './model-service';
import { explainOrtError } from './ort-errors';
import type { CompressProgress, LabApi, ModelSource, OpenedModel, VariantReport, WithInputs } from './lab-api';
import type { BenchmarkOptions, ModelInfo } from './model-api';
import { loadTrainingSet, openModel, type LabModel } from './lab-model';
import { getTransform } from '../engine/transforms';
import type { TrainingSet } from '../engine/train/data';
import { calibrationFor } from './calibration';
import { analyseLayers, type SensitivityProgress, type SensitivityRequest } from './lab-sensitivity';
import { withInputShapes, type InputsUsed } from './upload-inputs';

const CALIBRATION_SAMPLES = 32;

export class LabService implements LabApi {
  #model: LabModel | undefined;
  #variant: Uint8Array | undefined;
  /** The recipe that made #variant: its int4 step may ask for another compute format at load. */
  #recipe: Recipe = [];
  /** The bytes a session is created from, made once per variant (switching backends reuses them). */
  #prepared: { from: Uint8Array; model: PreparedModel } | undefined;
  #session: LoadedModel | undefined;
  /** fp32 on WASM: the reference for agreement, and what is warmed up before a worker's first timed run. */
  #reference: LoadedModel | undefined;
  /** The fp32 reference's predictions by sample index: the same for every variant, so computed once per model. */
  #referencePredictions = new Map<number, Prediction>();
  /** The model whose fp32 has been warmed up until settled in this worker (see latency()). */
  #warmed: LabModel | undefined;
  /** The eval set's stratified order and strata (see models/eval-order.ts). */
  #plan: (EvalPlan & { order: number[] }) | undefined;
  #lastInput: unknown;
  #training: Promise<TrainingSet | undefined> | undefined;

  capabilities() {
    return new ModelService().capabilities();
  }

  async open(source: ModelSource): Promise<OpenedModel> {
    await this.#release();
    if (this.#reference) await releaseModel(this.#reference);
    this.#reference = undefined;
    this.#referencePredictions.clear();
    this.#model = await openModel(source);
    this.#training = undefined;
    this.#variant = this.#model.bytes;
    this.#recipe = [];
    this.#lastInput = undefined;
    const m = this.#model;
    this.#plan = evalPlan(m);
    return {
      name: m.name, sha256: await sha256Hex(m.bytes), summary: m.summary, bytes: m.bytes.length, evalSamples: m.samples.filter((s) => s.label).length,
      inputs: m.inputs, trainable: m.trainUrl !== undefined,
    };
  }

  async compress(recipe: Recipe, onProgress?: CompressProgress, threads?: number): Promise<VariantReport> {
    const m = this.#require();
    await this.#release();
    // Training data is fetched (once) only for recipes that train: most recipes never need it.
    const trains = recipe.some((s) => getTransform(s.transform).meta.trains);
    const training = trains ? (this.#training ??= loadTrainingSet(m).catch((e: unknown) => { this.#training = undefined; throw e; })) : undefined;
    // Only techniques that run the model read calibration samples; for an upload with large inputs, 32 synthetic
    // samples cost seconds and hundreds of MB, and an input type ModelLab cannot synthesize must not block others.
    const calibration = calibrationFor(m, recipe);
    const calibrated = calibration.calibration.length > 0;
    let result: CompressedRecipe;
    try {
      result = await compressRecipe(m.bytes, recipe, { onProgress, ...calibration, runner: createRunner({ backend: 'wasm', threads }), training: await training });
    } catch (e) {
      throw withInputShapes(explainOrtError(e, 'wasm'), e, m.inputs?.specs); // calibration runs the model: ORT's errors get the same treatment
    }
    this.#variant = result.bytes;
    this.#recipe = recipe;
    const { bytes, ...report } = result;
    return { ...report, recipe, summary: summarizeModel(decodeModel(bytes)), calibration: calibrated ? this.#setUsed(calibration.calibration.length) : undefined };
  }

  async sizes() {
    const m = this.#require();
    return recipeSizes(m.bytes, this.#variant ?? m.bytes);
  }

  async adoptVariant(bytes: Uint8Array, report: VariantReport): Promise<VariantReport> {
    this.#require();
    await this.#release();
    const summary = summarizeModel(decodeModel(bytes)); // a cache entry is re-checked like any model
    this.#variant = bytes;
    this.#recipe = report.recipe;
    return { ...report, summary };
  }

  async load(options: RuntimeOptions): Promise<ModelInfo> {
    const bytes = this.#variant ?? this.#require().bytes;
    await this.#release();
    if (this.#prepared?.from !== bytes) this.#prepared = { from: bytes, model: await prepareForLoad(bytes, this.#recipe) };
    const prepared = this.#prepared.model;
    try {
      this.#session = await loadModel(prepared.bytes, options);
    } catch (e) {
      throw explainOrtError(e, options.backend, 'load');
    }
    const s = this.#session;
    const compute = prepared.bytes !== bytes && prepared.report
      ? { format: prepared.format ?? 'int4', bytes: prepared.bytes.length, expandMs: prepared.ms, layers: prepared.report.expanded, embeddings: prepared.report.embeddings }
      : undefined;
    return { backend: s.backend, threads: s.threads, inputNames: [...s.inputNames], outputNames: [...s.outputNames], loadMs: s.loadMs, bytes: bytes.length, compute };
  }

  async predict(input: unknown) {
    const { adapter } = this.#require();
    const session = this.#requireSession();
    this.#lastInput = input;
    const result = await this.#guard(() => runModel(session, adapter.toFeeds([input])));
    return { prediction: adapter.decode(result.outputs, 1)[0], ms: result.ms };
  }

  async benchmark(options: BenchmarkOptions, onProgress?: (done: number) => void) {
    const m = this.#require();
    const session = this.#requireSession();
    const input = this.#lastInput ?? m.samples[0]?.input;
    // An upload's live input is a sample index or a synthetic seed; a built-in model's is what the user drew or typed.
    const source = m.inputs ? (typeof input === 'number' ? 'synthetic' : 'samples') : this.#lastInput === undefined ? 'eval-set' : 'live';
    const inputs: InputsUsed = { source, n: 1 };
    return { ...(await this.#guard(() => benchmarkModel(session, m.adapter.toFeeds([input]), options.runs, options.warmup, onProgress, options.keepTimes))), inputs };
  }

  /**
   * The one latency measurement (runtime/latency.ts): on the current input (or the first eval sample), the
   * variant warmed up until its times settle, then `runs` timed runs. The first time in this worker for this
   * model, fp32 is warmed up until settled before anything is timed: the first runs after a page load run ORT's
   * wasm on baseline code (PP-OCR: 197 ms cold against 29 ms warm), and a cold fp32 makes every recipe look faster.
   */
  async latency(options: { runs: number; vsFp32?: boolean }, onPhase?: (phase: LatencyPhase) => void): Promise<WithInputs<LatencyMeasurement>> {
    const m = this.#require();
    const session = this.#requireSession();
    const { feeds, input } = this.#timedInput();
    return this.#guard(async () => {
      let baseline: WarmUp | undefined;
      if (this.#warmed !== m) {
        onPhase?.('baseline');
        baseline = await this.#warmBaseline(feeds, session);
        this.#warmed = m;
      }
      const request = { runs: options.runs, input, backend: session.backend, threads: session.threads, baseline, onPhase };
      const measured = options.vsFp32
        ? await this.#withFp32(session, (fp32) => measureAgainstFp32(timedRuns(fp32, feeds), timedRuns(session, feeds), request))
        : await measureLatency(timedRuns(session, feeds), request);
      return { ...measured, inputs: { source: input.source, n: 1 } };
    });
  }

  /**
   * An fp32 session on the variant's backend, other than the variant's own (fp32 against fp32 is then a real check
   * of the timing noise): on WASM the kept reference, else one loaded for this call.
   */
  async #withFp32<T>(session: LoadedModel, use: (fp32: LoadedModel) => Promise<T>): Promise<T> {
    if (session.backend === 'wasm') return use(await this.#referenceModel());
    const fp32 = await loadModel(this.#require().bytes, { backend: session.backend });
    try {
      return await use(fp32);
    } finally {
      await releaseModel(fp32);
    }
  }

  /**
   * Evaluates the next part of the eval set in its stratified order (models/eval-order.ts), returning each
   * sample's outcome so the page can show a figure with its n after every chunk (models/progressive.ts).
   */
  async evaluateChunk(request: ChunkRequest, onProgress?: (done: number, total: number) => void): Promise<EvalChunk> {
    const m = this.#require();
    const session = this.#requireSession();
    const plan = this.#plan!;
    const end = Math.min(plan.total, request.end ?? plan.total);
    const from = Math.max(0, Math.min(request.from, end));
    const minCount = request.quick ? quickSize(plan.sizes.length) : 1;
    const t0 = performance.now();
    const variant: OpenModel = { inputNames: session.inputNames, outputNames: session.outputNames, run: async (f) => (await runModel(session, f)).outputs, close: async () => {} };
    // The fp32 reference always runs on WASM, so agreement compares the technique, not the backend's rounding. The
    // fp32 variant on WASM *is* that computation (same bytes, same EP, same threads): it is not run twice.
    const self = this.#variant === m.bytes && session.backend === 'wasm';
    const reference = self ? undefined : await this.#referenceModel();
    const outcomes = await this.#guard(() =>
      evaluateOutcomes(m.adapter, variant, m.samples, plan.order.slice(from, end), {
        reference: reference && { inputNames: reference.inputNames, outputNames: reference.outputNames, run: async (f) => (await runModel(reference, f)).outputs, close: async () => {} },
        referenceCache: this.#referencePredictions,
        selfReference: self,
        stop: (done) => done >= minCount && performance.now() - t0 >= request.budgetMs,
        onProgress: (done) => onProgress?.(from + done, end),
        keepSamples: request.keepSamples,
      }),
    );
    const { order: _, ...evalPlan } = plan;
    return { plan: evalPlan, outcomes, next: from + outcomes.length, ms: performance.now() - t0, source: this.#setUsed(0).source };
  }

  /** The whole eval set (or the first `limit` samples of its stratified order) in one call. */
  async evaluate(options: { limit?: number; keepSamples?: boolean }, onProgress?: (done: number, total: number) => void): Promise<WithInputs<EvalResult>> {
    const chunk = await this.evaluateChunk({ from: 0, budgetMs: Infinity, end: options.limit, keepSamples: options.keepSamples }, onProgress);
    const result = summarizeOutcomes(chunk.plan, chunk.outcomes, chunk.ms);
    return { ...result, inputs: this.#setUsed(result.n) };
  }

  /** fp32 on the variant's backend until settled: the variant's own session when it is fp32, else the reference. */
  async #warmBaseline(feeds: Feeds, session: LoadedModel): Promise<WarmUp> {
    const m = this.#require();
    if (this.#variant === m.bytes) return warmUp(timedRuns(session, feeds), BASELINE_SETTLE);
    return this.#withFp32(session, (fp32) => warmUp(timedRuns(fp32, feeds), BASELINE_SETTLE));
  }

  async #referenceModel(): Promise<LoadedModel> {
    this.#reference ??= await loadModel(this.#require().bytes, { backend: 'wasm' });
    return this.#reference;
  }

  /** What latency() times: the page's current input, or else the first eval sample (an upload's first sample or seed). */
  #timedInput(): { feeds: Feeds; input: TimedInput } {
    const m = this.#require();
    const live = this.#lastInput !== undefined;
    const value = live ? this.#lastInput : m.samples[0]?.input;
    const feeds = m.adapter.toFeeds([value]);
    const dims = Object.values(feeds).map((t) => [...t.dims]);
    // An upload's live input is a sample index or a synthetic seed; a built-in model's is what the user drew or typed.
    if (m.inputs) return { feeds, input: typeof value === 'number' ? { source: 'synthetic', index: value, dims } : { source: 'samples', dims } };
    return { feeds, input: live ? { source: 'live', dims } : { source: 'eval-set', index: 1, dims } };
  }

  /** Runs in this worker, but on its own sessions: the pane's loaded variant is left alone. */
  async sensitivity(step: RecipeStep, options: SensitivityRequest, onProgress?: SensitivityProgress): Promise<SensitivityReport> {
    const m = this.#require();
    const calibration = m.samples.slice(0, CALIBRATION_SAMPLES).map((s) => m.adapter.toFeeds([s.input]));
    try {
      return await analyseLayers(m, step, options, calibration, onProgress);
    } catch (e) {
      throw explainOrtError(e, 'wasm');
    }
  }

  async variantBytes(): Promise<Uint8Array> {
    return this.#variant ?? this.#require().bytes;
  }

  async #guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw withInputShapes(explainOrtError(e, this.#session?.backend ?? 'wasm'), e, this.#model?.inputs?.specs);
    }
  }

  /** The sample set's kind: the eval set of a built-in model, or an upload's own samples or synthetic seeds. */
  #setUsed(n: number): InputsUsed {
    const inputs = this.#require().inputs;
    return { source: !inputs ? 'eval-set' : inputs.samples ? 'samples' : 'synthetic', n };
  }

  async #release(): Promise<void> {
    const s = this.#session;
    this.#session = undefined;
    if (s) await releaseModel(s);
  }

  #require(): LabModel {
    if (!this.#model) throw new Error('Choose a model first.');
    return this.#model;
  }

  #requireSession(): LoadedModel {
    if (!this.#session) throw new Error('The model is not loaded on a backend yet.');
    return this.#session;
  }
}

/** The eval set's stratified order (by the adapter's strata, else by label) and what summaries need. */
function evalPlan(m: LabModel): EvalPlan & { order: number[] } {
  const labelled = m.samples.some((s) => s.label !== '');
  const { order, stratumOf, sizes } = stratifiedOrder(m.samples.map((s) => s.stratum ?? s.label));
  const stratifiedBy = m.adapter.stratifiedBy ?? (labelled ? 'label' : 'none');
  return { metric: metricOf(m.adapter, m.samples), total: m.samples.length, order, stratumOf, sizes, stratifiedBy };
}
