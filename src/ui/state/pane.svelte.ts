// One comparison pane: its own worker, recipe, backend and measured results. The page's shared input is pushed
// in with `predict`; everything heavy happens in the pane's worker.
import { recipeKey, type Recipe, type RecipeStep } from '../../engine/pipeline';
import { calibrationNeeds } from '../../engine/transforms/calibration-needs';
import { recipeSignature } from '../export/recipe-text';
import type { Store } from '../../storage';
import type { EvalResult } from '../../models/evaluate';
import type { Prediction } from '../../models/types';
import type { Backend } from '../../runtime/backend';
import type { LatencyMeasurement, LatencyPhase } from '../../runtime/latency';
import { EvalProgress } from '../../models/progressive';
import { timingGate } from './timing-gate';
import { CancelledError, WorkerBridge, proxyCallback } from '../../workers/bridge';
import { hasSizes, type CompressProgress, type LabApi, type ModelSource, type OpenedModel, type SizedVariantReport, type VariantReport, type WithInputs } from '../../workers/lab-api';
import { text, type Text } from '../../engine/i18n-text';
import type { ModelInfo } from '../../workers/model-api';
import type { TrainingProgress } from '../../engine/train/data';
import { TrainingMonitor } from './training.svelte';

export type PaneStatus = 'idle' | 'loading' | 'compressing' | 'measuring' | 'ready';

/** A backend as the user picks it: WASM with a thread count, or WebGPU. */
export interface BackendChoice {
  backend: Backend;
  threads?: number;
}

export interface PaneSettings {
  recipe: Recipe;
  choice: BackendChoice;
}

export class PaneState {
  recipe = $state<RecipeStep[]>([]);
  choice = $state<BackendChoice>({ backend: 'wasm' });
  status = $state<PaneStatus>('idle');
  progress = $state(0);
  /** What the worker is doing now, in both languages (the engine's progress messages are Text too). */
  progressMessage = $state.raw<Text | undefined>();
  error = $state<string | undefined>();
  notice = $state<string | undefined>();
  opened = $state.raw<OpenedModel | undefined>();
  report = $state.raw<VariantReport | undefined>();
  info = $state.raw<ModelInfo | undefined>();
  prediction = $state.raw<{ prediction: Prediction; ms: number } | undefined>();
  latency = $state.raw<WithInputs<LatencyMeasurement> | undefined>();
  /** The latest figure: after the quick subset, then refined chunk by chunk (n grows) until the whole set. */
  evaluation = $state.raw<WithInputs<EvalResult> | undefined>();
  /** The evaluation is being refined in the background (the pane stays usable meanwhile). */
  refining = $state(false);
  busy = $derived(this.status !== 'ready' && this.status !== 'idle');

  #source: ModelSource | undefined;
  #applied = $state.raw<{ generation: number; recipe: string; choice: string; source: ModelSource } | undefined>();
  /**
   * The recipe or backend was edited since the variant on show was made: its numbers describe the applied
   * settings, not the edited ones, until Apply.
   */
  pendingEdits = $derived(!!this.#applied && (recipeSignature(this.recipe) !== this.#applied.recipe || JSON.stringify(this.choice) !== this.#applied.choice));
  #input: unknown;
  /** ORT fixes the WASM thread count when a worker starts its runtime: another count needs a fresh worker. */
  #worker: { generation: number; threads: number } | undefined;
  /** One worker task at a time: ORT sessions must not run concurrently (WebGPU hangs, WASM refuses). */
  #queue: Promise<void> = Promise.resolve();
  /** Increments with every measure() and stopRefining(): a refinement whose number has passed stops. */
  #measuring = 0;
  /** Increments with every new input, so a prediction for an input already replaced is dropped. */
  #ticket = 0;
  /** Stores a freshly compressed variant in the local cache once its gzip sizes are measured. */
  #save: ((report: SizedVariantReport) => Promise<void>) | undefined;

  /** Whether the current variant came from the local cache (so the UI can say why it was instant). */
  fromCache = $state(false);
  /** Live loss curve of a recipe step that trains. */
  readonly training = new TrainingMonitor();
  /**
   * A recipe whose compression was cancelled or failed: not retried until Apply, so the pane stays on the variant
   * it had (a training run can take a minute; it must not restart on the next keystroke).
   */
  held = $state(false);
  #heldRecipe: string | undefined;
  #heldMessage: { error?: string; notice?: string } = {};
  #lastGood: Recipe = [];

  /** `store` remembers variants and measurements on this device; without it (tests) nothing is remembered. */
  constructor(readonly bridge: WorkerBridge<LabApi>, private readonly store?: () => Promise<Store>) {}

  /** Opens a model and applies the pane's recipe on its backend. */
  async open(source: ModelSource, settings?: PaneSettings): Promise<void> {
    this.#source = source;
    if (settings) {
      this.recipe = settings.recipe;
      this.choice = settings.choice;
    }
    this.#applied = undefined;
    this.#heldRecipe = undefined;
    this.held = false;
    this.#lastGood = [];
    this.#input = undefined; // the previous model's input means nothing to this one
    this.#ticket++;
    this.opened = undefined;
    this.#clearResults();
    await this.apply();
  }

  /** Brings the worker in line with the pane's source, recipe and backend (after a change, cancel or crash). */
  async apply(): Promise<void> {
    this.#heldRecipe = undefined;
    this.held = false;
    await this.#enqueue('loading', () => this.#sync());
    if (this.#input !== undefined && !this.error) await this.predict(this.#input);
    else if (!this.error) await this.#enqueue('ready', () => this.#measureSizes());
  }

  async predict(input: unknown): Promise<void> {
    this.#input = input;
    const ticket = ++this.#ticket;
    if (input === undefined) return void (this.prediction = undefined);
    await this.#enqueue('ready', async () => {
      if (ticket !== this.#ticket) return; // a newer input is already queued
      await this.#sync();
      const result = await this.bridge.call((api) => api.predict(input));
      if (ticket === this.#ticket) this.prediction = result;
      await this.#measureSizes(); // after the prediction: the user sees the result first
    });
  }

  /**
   * Accuracy/agreement on a quick stratified part of the eval set, then latency (warm-up until settled, then
   * `runs` timed runs); resolves with those first figures and goes on refining the evaluation to the whole set in
   * the background, a chunk at a time, so predictions still get through (stopRefining() ends it early).
   */
  async measure(options: { runs?: number; evalLimit?: number } = {}): Promise<void> {
    const runs = options.runs ?? 30;
    const token = ++this.#measuring;
    const progress = new EvalProgress(options.evalLimit);
    this.refining = false;
    let applied: object | undefined;
    await this.#enqueue('measuring', async () => {
      await this.#sync();
      this.evaluation = undefined;
      this.progressMessage = text('evaluating', '正在评测');
      const onEval = proxyCallback((done: number, total: number) => (this.progress = (0.5 * done) / Math.max(1, total)));
      await this.#evaluateChunk(progress, onEval);
      this.progressMessage = text('timing', '正在计时');
      const onPhase = proxyCallback((phase: LatencyPhase) => (this.progress = phase === 'baseline' ? 0.55 : phase === 'warm-up' ? 0.75 : 0.9));
      // A variant's runs alternate with fp32's, so its ratio to fp32 (and the scoreboard's right-vs-left change, see
      // compare/deltas.ts latencyDelta) does not depend on how busy the machine was when each pane was timed.
      const vsFp32 = this.recipe.length > 0;
      this.latency = await timingGate.exclusive(() => this.bridge.call((api) => api.latency({ runs, vsFp32 }, onPhase)));
      const info = this.info;
      if (info && this.opened) {
        const store = await this.store?.();
        await store?.benchmarks.add({ modelId: this.opened.name, recipe: $state.snapshot(this.recipe) as Recipe, backend: info.backend, threads: info.threads, stats: this.latency });
      }
      if (progress.done) await this.#measureSizes();
      else applied = this.#applied;
    });
    if (applied && !this.error) void this.#refine(progress, token, applied);
  }

  /** Stops the background refinement: the figure keeps the n it reached, with the interval for that n. */
  stopRefining(): void {
    this.#measuring++;
    this.refining = false;
  }

  async #refine(progress: EvalProgress, token: number, applied: object): Promise<void> {
    this.refining = true;
    // A new measure, a stop, another recipe or backend, or a restarted worker (cancel, crash) ends it.
    const current = () => token === this.#measuring && this.#applied === applied && this.#applied?.generation === this.bridge.generation && !this.error;
    while (current() && !progress.done) await this.#enqueue('ready', async () => void (current() && (await this.#evaluateChunk(progress))));
    if (token === this.#measuring) this.refining = false;
    if (current()) await this.#enqueue('ready', () => this.#measureSizes());
  }

  async #evaluateChunk(progress: EvalProgress, onProgress?: (done: number, total: number) => void): Promise<void> {
    // Per-sample probabilities too: the ensemble panel averages both panes' (a few hundred KB at most).
    const chunk = await timingGate.shared(() => this.bridge.call((api) => api.evaluateChunk({ ...progress.request(), keepSamples: true }, onProgress)));
    this.evaluation = progress.add(chunk);
  }

  /**
   * Runs `fn` in this pane's queue once the worker matches the pane's model, recipe and backend, so a measurement
   * that drives both panes (the ensemble's latency) never overlaps a pane's own work. Errors land in `error`.
   */
  async exclusive(fn: (call: WorkerBridge<LabApi>['call']) => Promise<void>): Promise<void> {
    await this.#enqueue('measuring', async () => {
      await this.#sync();
      await fn((f) => this.bridge.call(f));
    });
  }

  cancel(): void {
    this.bridge.cancel();
  }

  async variantBytes(): Promise<Uint8Array> {
    let bytes: Uint8Array | undefined;
    await this.#enqueue('ready', async () => {
      await this.#sync();
      bytes = await this.bridge.call((api) => api.variantBytes());
    });
    if (!bytes) throw new Error(this.error ?? 'The model could not be exported.');
    return bytes;
  }

  /** The bytes of the variant on show, as it is: undefined once it changed (edits pending, worker restarted). */
  async shownVariantBytes(): Promise<Uint8Array | undefined> {
    let bytes: Uint8Array | undefined;
    await this.#enqueue('ready', async () => {
      if (this.pendingEdits || this.#applied?.generation !== this.bridge.generation) return;
      bytes = await this.bridge.call((api) => api.variantBytes());
    });
    return bytes;
  }

  dispose(): void {
    this.bridge.dispose();
  }

  #clearResults(): void {
    this.report = undefined;
    this.info = undefined;
    this.prediction = undefined;
    this.latency = undefined;
    this.evaluation = undefined;
  }

  async #sync(): Promise<void> {
    const source = this.#source;
    if (!source) throw new Error('Choose a model first.');
    const threads = this.choice.threads ?? 0;
    if (this.#worker?.generation === this.bridge.generation && this.choice.backend === 'wasm' && this.#worker.threads !== threads) {
      this.bridge.cancel();
    }
    // A held-back recipe (cancelled or failed) is not retried until Apply: the worker stays on the last good one.
    const held = recipeSignature(this.recipe) === this.#heldRecipe;
    const steps = JSON.parse(JSON.stringify(held ? this.#lastGood : this.recipe)) as Recipe;
    const recipe = recipeSignature(steps);
    const choice = JSON.stringify(this.choice);
    const applied = this.#applied;
    // A model picked while the previous one was still loading: that load must not count as this one's.
    const fresh = !applied || applied.generation !== this.bridge.generation || applied.source !== source;
    if (!fresh && applied.recipe === recipe && applied.choice === choice) return;
    if (fresh) this.opened = await this.bridge.call((api) => api.open(source));
    if (fresh || applied.recipe !== recipe) {
      this.status = 'compressing';
      const onProgress = proxyCallback((f: number, message: Text, training?: TrainingProgress) => {
        this.progress = f;
        this.progressMessage = message;
        if (training) this.training.push(training);
      });
      this.training.reset();
      this.report = await this.#compress(this.opened!, steps, onProgress, threads || undefined);
      this.#lastGood = steps;
      this.latency = undefined;
      this.evaluation = undefined;
    }
    this.status = 'loading';
    const { backend } = this.choice;
    this.info = await this.bridge.call((api) => api.load({ backend, threads: threads || undefined }));
    if (this.#worker?.generation !== this.bridge.generation) this.#worker = { generation: this.bridge.generation, threads };
    if (!fresh && applied.choice !== choice) this.latency = undefined;
    this.#applied = { generation: this.bridge.generation, recipe, choice, source };
  }

  /**
   * gzip sizes are measured once the variant is loaded and has answered (compress hands its bytes to ORT first, and
   * deflating a 10 MB model takes longer than quantizing it); then the variant goes into the local cache.
   */
  async #measureSizes(): Promise<void> {
    const report = this.report;
    if (!report || hasSizes(report)) return;
    const sized: SizedVariantReport = { ...report, ...(await this.bridge.call((api) => api.sizes())) };
    if (this.report !== report) return;
    this.report = sized;
    const save = this.#save;
    this.#save = undefined;
    await save?.(sized);
  }

  /** Compresses, or takes the variant from the local cache when this model + recipe was made before. */
  async #compress(opened: OpenedModel, steps: Recipe, onProgress: CompressProgress, threads?: number): Promise<VariantReport> {
    const store = steps.length ? await this.store?.() : undefined;
    // Calibration runs the model, and ORT's float sums differ in the last bits between thread counts.
    const calibrated = calibrationNeeds(steps).samples > 0;
    // ...and on the calibration inputs: an upload's own samples and shapes (opened.inputs.key).
    const base = calibrated ? `${opened.sha256}:threads=${threads ?? 'max'}${opened.inputs ? `:inputs=${opened.inputs.key}` : ''}` : opened.sha256;
    const key = store ? await recipeKey(base, steps) : '';
    const cached = store && (await store.variants.get(key));
    if (cached) {
      this.fromCache = true;
      return this.bridge.call((api) => api.adoptVariant(cached.bytes, cached.report as VariantReport));
    }
    this.fromCache = false;
    const report = await this.bridge.call((api) => api.compress(steps, onProgress, threads));
    this.#save = store && (async (sized) => void (await store.variants.put(key, await this.bridge.call((api) => api.variantBytes()), sized)));
    return report;
  }

  #enqueue(status: PaneStatus, fn: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(() => this.#step(status, fn));
    this.#queue = run;
    return run;
  }

  async #step(status: PaneStatus, fn: () => Promise<void>): Promise<void> {
    this.status = status;
    this.progress = 0;
    // While a recipe is held back, its message stays up (until Apply or another model).
    this.error = this.held ? this.#heldMessage.error : undefined;
    this.notice = this.held ? this.#heldMessage.notice : undefined;
    let restore = false;
    try {
      await fn();
    } catch (e) {
      if (e instanceof CancelledError) this.notice = 'cancelled';
      else this.error = (e as Error).message;
      if (this.status === 'compressing') {
        // Keep the variant the pane had: hold the new recipe back and bring the worker back to the old one.
        const failed = recipeSignature(this.recipe);
        restore = failed !== recipeSignature(this.#lastGood);
        this.#heldRecipe = failed;
        this.#heldMessage = { error: this.error, notice: this.notice };
        this.held = true;
        this.#applied = undefined;
      }
    } finally {
      this.status = this.opened ? 'ready' : 'idle';
    }
    if (restore) {
      void this.#enqueue('loading', () => this.#sync()).then(() => (this.#input !== undefined ? this.predict(this.#input) : undefined));
    }
  }
}
