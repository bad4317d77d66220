// The Sweep view's state: which recipes to run, how to measure them, and the measured rows. The rows run in
// the sweep's own worker (a third one), so the two comparison panes stay usable meanwhile.
import { WorkerBridge } from '../../workers/bridge';
import { sourceKey, type LabApi, type ModelSource } from '../../workers/lab-api';
import { DEFAULT_MATRIX, type SweepRowSpec } from '../sweep/matrix';
import { SweepRunner, type SweepProgress } from '../sweep/runner';
import { withRatios, type QualityFloor, type SweepResult } from '../sweep/results';
import type { SweepMeta } from '../sweep/export';
import type { WorkerFactory } from './lab.svelte';
import type { BackendChoice } from './pane.svelte';
import type { Task } from '../../models/types';

/** Photo OCR is evaluated in one go, not in chunks (its figures are over photos): 20 photos per row keep a
 * 14-row sweep to minutes. Other models get a quick figure per row first, then the whole set. */
export function defaultEvalLimit(task: Task | undefined): number | undefined {
  return task === 'photo-ocr' ? 20 : undefined;
}

export class SweepState {
  readonly matrix: readonly SweepRowSpec[] = DEFAULT_MATRIX;
  selected = $state<Record<string, boolean>>(Object.fromEntries(DEFAULT_MATRIX.map((r) => [r.id, !r.optIn])));
  choice = $state<BackendChoice>({ backend: 'wasm' });
  runs = $state(20);
  /** Eval samples per recipe; undefined = the whole set (every row gets a quick figure first, then is refined). */
  evalLimit = $state<number | undefined>();
  running = $state(false);
  progress = $state.raw<SweepProgress | undefined>();
  results = $state.raw<SweepResult[]>([]);
  meta = $state.raw<SweepMeta | undefined>();
  notice = $state<'cancelled' | undefined>();
  /** A setting out of range: the panel names it in the user's language. */
  invalid = $state<'runs' | 'limit' | undefined>();
  /** How much worse than fp32 a recipe may be and still be called Pareto (undefined: the metric's default). */
  floor = $state<QualityFloor | undefined>();
  /** The sweep could not start (e.g. the model failed to open). */
  error = $state<string | undefined>();
  rows = $derived(withRatios(this.results));
  planned = $derived(this.matrix.filter((r) => this.selected[r.id]));

  readonly #bridge: WorkerBridge<LabApi>;
  readonly #runner: SweepRunner;
  /** The model the settings and results belong to. */
  #model: string | undefined;

  constructor(spawn: WorkerFactory) {
    this.#bridge = new WorkerBridge<LabApi>(spawn);
    this.#runner = new SweepRunner(this.#bridge);
  }

  /** Called when the page's model changes: results of another model would mislead, so they go. */
  follow(source: ModelSource, task: Task | undefined): void {
    const key = sourceKey(source);
    if (key === this.#model) return;
    if (this.running) this.cancel();
    this.#model = key;
    this.results = [];
    this.meta = undefined;
    this.notice = undefined;
    this.error = undefined;
    this.invalid = undefined;
    this.evalLimit = defaultEvalLimit(task);
    this.floor = undefined;
  }

  async run(source: ModelSource): Promise<void> {
    if (this.running) return;
    const runs = Math.round(this.runs), limit = this.evalLimit;
    this.invalid = !(runs >= 1 && runs <= 1000) ? 'runs' : limit !== undefined && !(limit >= 1) ? 'limit' : undefined;
    if (this.invalid || !this.planned.length) return;
    const choice = $state.snapshot(this.choice);
    this.#model = sourceKey(source);
    this.results = [];
    this.notice = undefined;
    this.error = undefined;
    this.running = true;
    const date = new Date().toISOString();
    const name = source.kind === 'upload' ? source.name : source.id;
    this.meta = { model: name, backend: choice.backend, threads: choice.threads, runs, evalLimit: limit, date };
    try {
      const outcome = await this.#runner.run(source, { rows: this.planned, choice, runs, evalLimit: limit }, {
        opened: (m) => (this.meta = { ...this.meta!, model: m.name }),
        progress: (p) => (this.progress = p),
        result: (r) => {
          // A row comes back first with its quick figure, then with each refinement: replace it in place.
          const at = this.results.findIndex((x) => x.id === r.id);
          this.results = at < 0 ? [...this.results, r] : this.results.map((x, i) => (i === at ? r : x));
          if (r.backend === 'wasm' && this.meta) this.meta = { ...this.meta, threads: r.threads };
        },
      });
      if (outcome === 'cancelled') this.notice = 'cancelled';
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.running = false;
      this.progress = undefined;
    }
  }

  cancel(): void {
    this.#runner.cancel();
  }

  dispose(): void {
    this.#runner.cancel();
  }
}
