// A comparison pane's worker logic (Node-testable): applies recipes, loads the variant on a backend, runs,
// benchmarks and evaluates it against labels and against the fp32 model.
import { compressRecipe, recipeSizes, type CompressedRecipe, type Recipe, type RecipeStep } from '../engine/pipeline';
import { prepareForLoad, type PreparedModel } from '../engine/compute-format';
import type { SensitivityReport } from '../engine/sensitivity';
import { decodeModel } from '../engine/onnx';
import { summarizeModel } from '../engine/model-info';
import { sha256Hex } from '../engine/size';
import { evaluate, type EvalResult } from '../models/evaluate';
import { createRunner, benchmarkModel, loadModel, releaseModel, runModel, type LoadedModel, type RuntimeOptions } from '../runtime/ort';
import type { OpenModel } from '../engine/tensor-data';
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
  #reference: OpenModel | undefined;
  #lastInput: unknown;
  #training: Promise<TrainingSet | undefined> | undefined;

  capabilities() {
    return new ModelService().capabilities();
  }

  async open(source: ModelSource): Promise<OpenedModel> {
    await this.#release();
    await this.#reference?.close();
    this.#reference = undefined;
    this.#model = await openModel(source);
    this.#training = undefined;
    this.#variant = this.#model.bytes;
    this.#recipe = [];
    this.#lastInput = undefined;
    const m = this.#model;
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

  async evaluate(options: { limit?: number; keepSamples?: boolean }, onProgress?: (done: number, total: number) => void): Promise<WithInputs<EvalResult>> {
    const m = this.#require();
    const session = this.#requireSession();
    // The fp32 reference always runs on WASM, so agreement compares the technique, not the backend's rounding.
    this.#reference ??= await createRunner({ backend: 'wasm' }).open(m.bytes);
    const variant: OpenModel = { inputNames: session.inputNames, outputNames: session.outputNames, run: async (f) => (await runModel(session, f)).outputs, close: async () => {} };
    const result = await this.#guard(() => evaluate(m.adapter, variant, m.samples, { limit: options.limit, reference: this.#reference, onProgress, keepSamples: options.keepSamples }));
    return { ...result, inputs: this.#setUsed(result.n) };
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
