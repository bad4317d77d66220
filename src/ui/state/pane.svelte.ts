// One comparison pane: its own worker, recipe, backend and measured results. The page's shared input is pushed
// in with `predict`; everything heavy happens in the pane's worker.
import type { Recipe, RecipeStep } from '../../engine/pipeline';
import type { EvalResult } from '../../models/evaluate';
import type { Prediction } from '../../models/types';
import type { Backend } from '../../runtime/backend';
import type { LatencyStats } from '../../runtime/stats';
import { CancelledError, WorkerBridge, proxyCallback } from '../../workers/bridge';
import type { LabApi, ModelSource, OpenedModel, VariantReport } from '../../workers/lab-api';
import type { ModelInfo } from '../../workers/model-api';

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
  progressMessage = $state('');
  error = $state<string | undefined>();
  notice = $state<string | undefined>();
  opened = $state.raw<OpenedModel | undefined>();
  report = $state.raw<VariantReport | undefined>();
  info = $state.raw<ModelInfo | undefined>();
  prediction = $state.raw<{ prediction: Prediction; ms: number } | undefined>();
  latency = $state.raw<LatencyStats | undefined>();
  evaluation = $state.raw<EvalResult | undefined>();
  busy = $derived(this.status !== 'ready' && this.status !== 'idle');

  #source: ModelSource | undefined;
  #applied: { generation: number; recipe: string; choice: string } | undefined;
  #input: unknown;
  /** ORT fixes the WASM thread count when a worker starts its runtime: another count needs a fresh worker. */
  #worker: { generation: number; threads: number } | undefined;

  constructor(readonly bridge: WorkerBridge<LabApi>) {}

  /** Opens a model and applies the pane's recipe on its backend. */
  async open(source: ModelSource, settings?: PaneSettings): Promise<void> {
    this.#source = source;
    if (settings) {
      this.recipe = settings.recipe;
      this.choice = settings.choice;
    }
    this.#applied = undefined;
    this.opened = undefined;
    this.#clearResults();
    await this.apply();
  }

  /** Brings the worker in line with the pane's source, recipe and backend (after a change, cancel or crash). */
  async apply(): Promise<void> {
    await this.#step('loading', () => this.#sync());
    if (this.#input !== undefined && !this.error) await this.predict(this.#input);
  }

  async predict(input: unknown): Promise<void> {
    this.#input = input;
    if (input === undefined) return void (this.prediction = undefined);
    await this.#step(this.status === 'idle' ? 'loading' : this.status === 'ready' ? 'ready' : this.status, async () => {
      await this.#sync();
      this.prediction = await this.bridge.call((api) => api.predict(input));
    });
  }

  /** Latency (warm-up + repeated runs) and accuracy/agreement on the eval set. */
  async measure(options = { runs: 30, warmup: 5, evalLimit: undefined as number | undefined }): Promise<void> {
    await this.#step('measuring', async () => {
      await this.#sync();
      this.progressMessage = 'latency';
      const onBench = proxyCallback((done: number) => (this.progress = (0.5 * done) / options.runs));
      this.latency = await this.bridge.call((api) => api.benchmark({ runs: options.runs, warmup: options.warmup }, onBench));
      this.progressMessage = 'accuracy';
      const onEval = proxyCallback((done: number, total: number) => (this.progress = 0.5 + (0.5 * done) / total));
      this.evaluation = await this.bridge.call((api) => api.evaluate({ limit: options.evalLimit }, onEval));
    });
  }

  cancel(): void {
    this.bridge.cancel();
  }

  async variantBytes(): Promise<Uint8Array> {
    await this.#sync();
    return this.bridge.call((api) => api.variantBytes());
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
    const recipe = JSON.stringify(this.recipe);
    const choice = JSON.stringify(this.choice);
    const applied = this.#applied;
    const fresh = !applied || applied.generation !== this.bridge.generation;
    if (!fresh && applied.recipe === recipe && applied.choice === choice) return;
    if (fresh) this.opened = await this.bridge.call((api) => api.open(source));
    if (fresh || applied.recipe !== recipe) {
      this.status = 'compressing';
      const onProgress = proxyCallback((f: number, message: string) => {
        this.progress = f;
        this.progressMessage = message;
      });
      const steps = $state.snapshot(this.recipe) as Recipe;
      this.report = await this.bridge.call((api) => api.compress(steps, onProgress));
      this.latency = undefined;
      this.evaluation = undefined;
    }
    this.status = 'loading';
    const { backend } = this.choice;
    this.info = await this.bridge.call((api) => api.load({ backend, threads: threads || undefined }));
    if (this.#worker?.generation !== this.bridge.generation) this.#worker = { generation: this.bridge.generation, threads };
    if (!fresh && applied.choice !== choice) this.latency = undefined;
    this.#applied = { generation: this.bridge.generation, recipe, choice };
  }

  async #step(status: PaneStatus, fn: () => Promise<void>): Promise<void> {
    this.status = status;
    this.progress = 0;
    this.error = undefined;
    this.notice = undefined;
    try {
      await fn();
    } catch (e) {
      if (e instanceof CancelledError) this.notice = 'cancelled';
      else this.error = (e as Error).message;
    } finally {
      this.status = this.opened ? 'ready' : 'idle';
    }
  }
}
