// The Layer sensitivity view's state: one technique with its options, the per-layer analysis (run in the view's
// own worker, so the comparison panes stay usable) and the mixed recipe it suggests.
import type { Recipe } from '../../engine/pipeline';
import type { SensitivityReport } from '../../engine/sensitivity';
import { TRANSFORMS, getTransform } from '../../engine/transforms';
import type { OptionValue, TransformId } from '../../engine/transforms/types';
import type { Task } from '../../models/types';
import { CancelledError, WorkerBridge, proxyCallback } from '../../workers/bridge';
import { sourceKey, type LabApi, type ModelSource } from '../../workers/lab-api';
import { same, type Text } from '../../engine/i18n-text';
import type { WorkerFactory } from './lab.svelte';

/** Per measured variant: 200 samples keep a 2-layer MLP to seconds; an OCR line costs ~100 digits. */
export function defaultSensitivityLimit(task: Task | undefined): number {
  return task === 'ocr' ? 50 : 200;
}

/** Signed change in percentage points, e.g. "−64.5 pp" ("+" = a higher metric; for CER that is worse). */
export function formatPp(delta: number): string {
  const v = delta * 100;
  return `${v >= 0.05 ? '+' : v <= -0.05 ? '−' : '±'}${Math.abs(v).toFixed(1)} pp`;
}

export interface SensitivityProgressView {
  done: number;
  total: number;
  message: Text;
}

export class SensitivityState {
  transform = $state<TransformId>(TRANSFORMS.some((t) => t.meta.id === 'int4') ? 'int4' : TRANSFORMS[0].meta.id);
  options = $state<Record<string, OptionValue>>({ ...getTransform(this.transform).meta.defaults });
  /** Eval samples per measurement. */
  limit = $state(200);
  /** Allowed loss for the suggestion, in percentage points. */
  tolerance = $state(0.5);
  running = $state(false);
  progress = $state.raw<SensitivityProgressView | undefined>();
  report = $state.raw<SensitivityReport | undefined>();
  /** Layers the user chose to keep as they are (starts as the suggestion's). */
  kept = $state<string[]>([]);
  error = $state<string | undefined>();
  notice = $state<'cancelled' | undefined>();
  invalid = $state(false);

  readonly #bridge: WorkerBridge<LabApi>;
  #model: string | undefined;
  #opened: { generation: number; key: string } | undefined;

  constructor(spawn: WorkerFactory) {
    this.#bridge = new WorkerBridge<LabApi>(spawn);
  }

  /** Called when the page's model changes: another model's layers would mislead, so the results go. */
  follow(source: ModelSource, task: Task | undefined): void {
    const key = sourceKey(source);
    if (key === this.#model) return;
    if (this.running) this.cancel();
    this.#model = key;
    this.report = undefined;
    this.kept = [];
    this.error = undefined;
    this.notice = undefined;
    this.limit = defaultSensitivityLimit(task);
  }

  selectTransform(id: TransformId): void {
    this.transform = id;
    this.options = { ...getTransform(id).meta.defaults };
  }

  setOption(key: string, value: OptionValue): void {
    this.options = { ...this.options, [key]: value };
  }

  async run(source: ModelSource): Promise<void> {
    if (this.running) return;
    const limit = Math.round(this.limit);
    const tolerance = this.tolerance;
    this.invalid = !(limit >= 1 && tolerance >= 0 && tolerance <= 100);
    if (this.invalid) return;
    const step = { transform: this.transform, options: $state.snapshot(this.options) };
    this.running = true;
    this.report = undefined;
    this.error = undefined;
    this.notice = undefined;
    this.progress = { done: 0, total: 1, message: same('') };
    try {
      const key = sourceKey(source);
      if (this.#opened?.generation !== this.#bridge.generation || this.#opened.key !== key) {
        await this.#bridge.call((api) => api.open(source));
        this.#opened = { generation: this.#bridge.generation, key };
      }
      const onProgress = proxyCallback((done: number, total: number, message: Text) => (this.progress = { done, total, message }));
      const report = await this.#bridge.call((api) => api.sensitivity(step, { limit, tolerance: tolerance / 100 }, onProgress));
      this.report = report;
      this.kept = [...report.suggestion.exclude];
    } catch (e) {
      if (e instanceof CancelledError) this.notice = 'cancelled';
      else this.error = (e as Error).message;
    } finally {
      this.running = false;
      this.progress = undefined;
    }
  }

  toggle(node: string): void {
    this.kept = this.kept.includes(node) ? this.kept.filter((n) => n !== node) : [...this.kept, node];
  }

  /** Whether the kept layers are exactly the measured suggestion (else its numbers do not describe them). */
  get keptIsSuggestion(): boolean {
    const s = this.report?.suggestion.exclude ?? [];
    return s.length === this.kept.length && s.every((n) => this.kept.includes(n));
  }

  /** The mixed recipe: the analysed step, with the kept layers excluded (in graph order). */
  recipe(): Recipe {
    const r = this.report;
    if (!r) return [];
    const order = r.rows.map((row) => row.node);
    const exclude = order.filter((n) => this.kept.includes(n));
    return [{ transform: r.step.transform, options: { ...r.step.options }, ...(exclude.length ? { exclude } : {}) }];
  }

  cancel(): void {
    this.#bridge.cancel();
  }

  dispose(): void {
    this.#bridge.dispose();
  }
}
