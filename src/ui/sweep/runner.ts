// Runs a sweep's rows in one worker, in two passes. First pass, row after row: compress -> load -> latency (the
// worker's one latency method: fp32 warmed up until settled before the first timed run, every variant settled)
// -> a quick stratified part of the eval set, so every row has a first figure with its n and interval soon.
// Second pass: each row's variant again (kept bytes, no recompression) and its evaluation refined to the whole set
// (or the plan's limit), a chunk at a time. Cancelling terminates the worker (the only way to stop a WASM call)
// at any point: every row keeps the figure it reached, honest for its n. A failed row records its error and the
// sweep goes on. Plain TS: tested with a fake bridge.
import { CancelledError, WorkerCrashedError, proxyCallback, type WorkerBridge } from '../../workers/bridge';
import { sourceKey, type LabApi, type ModelSource, type OpenedModel, type SizedVariantReport } from '../../workers/lab-api';
import { EvalProgress } from '../../models/progressive';
import { timingGate, type TimingGate } from '../state/timing-gate';
import type { BackendChoice } from '../state/pane.svelte';
import { isBaseline, type SweepRowSpec } from './matrix';
import { rowWarnings, type SweepResult } from './results';

export type SweepBridge = Pick<WorkerBridge<LabApi>, 'call' | 'cancel' | 'generation'>;

export interface SweepPlan {
  rows: readonly SweepRowSpec[];
  choice: BackendChoice;
  /** Timed runs per row, after its warm-up until settled. */
  runs: number;
  /** Eval samples per row; undefined = the whole set. */
  evalLimit?: number;
}

export type SweepPhase = 'open' | 'compress' | 'load' | 'latency' | 'accuracy' | 'refine';

export interface SweepProgress {
  /** 0-based index of the row being measured, of `total`. */
  index: number;
  total: number;
  row: SweepRowSpec;
  phase: SweepPhase;
  /** How far this row is, 0..1 (in the refine pass: the share of its eval samples done). */
  fraction: number;
}

export interface SweepListener {
  opened?(model: OpenedModel): void;
  progress?(p: SweepProgress): void;
  /** A row's result: first with its quick evaluation, then again each time the evaluation is refined (same id). */
  result(r: SweepResult): void;
}

/** Where each phase starts within a row's first-pass progress. */
const PHASE_START: Record<Exclude<SweepPhase, 'refine'>, number> = { open: 0, compress: 0.05, load: 0.4, latency: 0.45, accuracy: 0.75 };
const PHASE_END: Record<Exclude<SweepPhase, 'refine'>, number> = { open: 0.05, compress: 0.4, load: 0.45, latency: 0.75, accuracy: 1 };

/** A measured row waiting for the second pass: its variant's bytes and report, and its evaluation so far. */
interface Pending {
  index: number;
  result: SweepResult;
  bytes: Uint8Array;
  report: SizedVariantReport;
  progress: EvalProgress;
}

/** A row after the first pass; a row still to refine keeps its variant (bytes and report) for the second. */
interface Measured {
  result: SweepResult;
  progress?: EvalProgress;
  bytes?: Uint8Array;
  report?: SizedVariantReport;
}

export class SweepRunner {
  /** The worker generation that has the model open, and the WASM thread count its ORT started with. */
  #worker: { generation: number; sourceKey: string; threads: number } | undefined;
  /** Counts runs and cancels, so callbacks of a cancelled run can tell they are stale. */
  #run = 0;

  constructor(private readonly bridge: SweepBridge, private readonly gate: TimingGate = timingGate) {}

  /**
   * Resolves 'cancelled' when cancel() stopped it. A model that cannot be opened at all rejects (one clear error
   * instead of the same one on every row); any later failure is reported as that row's error.
   */
  async run(source: ModelSource, plan: SweepPlan, on: SweepListener): Promise<'done' | 'cancelled'> {
    if (!plan.rows.length) return 'done';
    // Progress messages the worker posted just before it was terminated still arrive afterwards: drop them.
    const run = ++this.#run;
    const progress = (p: SweepProgress) => run === this.#run && on.progress?.(p);
    const total = plan.rows.length;
    const pending: Pending[] = [];
    try {
      await this.#open(source, plan, on, () => progress({ index: 0, total, row: plan.rows[0], phase: 'open', fraction: 0 }));
      for (const [index, row] of plan.rows.entries()) {
        const report = (phase: Exclude<SweepPhase, 'refine'>, f = 0) => progress({ index, total, row, phase, fraction: PHASE_START[phase] + f * (PHASE_END[phase] - PHASE_START[phase]) });
        await this.#guarded(row, on, async () => {
          await this.#open(source, plan, on, () => report('open'));
          const measured = await this.#measure(row, plan, report);
          on.result(measured.result);
          const { progress: evaluation, bytes, report: variant } = measured;
          if (evaluation && !evaluation.done && bytes && variant) pending.push({ index, result: measured.result, progress: evaluation, bytes, report: variant });
        });
      }
      for (const p of pending) {
        const report = () => progress({ index: p.index, total, row: plan.rows[p.index], phase: 'refine', fraction: p.progress.next / p.progress.target });
        await this.#guarded(plan.rows[p.index], on, async () => {
          await this.#open(source, plan, on, report);
          await this.#refine(p, plan, on, report);
        }, p.result);
        p.bytes = new Uint8Array(); // done with it: let the memory go
      }
      return 'done';
    } catch (e) {
      if (e instanceof CancelledError) return 'cancelled';
      throw e;
    }
  }

  cancel(): void {
    this.#run++;
    this.#restart();
  }

  /** Runs one row's step; a failure other than a cancel becomes the row's error (keeping what it measured). */
  async #guarded(row: SweepRowSpec, on: SweepListener, step: () => Promise<void>, measured?: SweepResult): Promise<void> {
    try {
      await step();
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      if (e instanceof WorkerCrashedError) this.#worker = undefined; // the next row opens the model in a fresh worker
      on.result({ ...(measured ?? { id: row.id, label: row.label, recipe: row.recipe }), error: (e as Error).message });
    }
  }

  /** Terminates the worker; the next call spawns a fresh one, which has to open the model again. */
  #restart(): void {
    this.#worker = undefined;
    this.bridge.cancel();
  }

  async #open(source: ModelSource, plan: SweepPlan, on: SweepListener, report: () => void): Promise<void> {
    const threads = plan.choice.backend === 'wasm' ? (plan.choice.threads ?? 0) : 0;
    const key = sourceKey(source);
    const w = this.#worker;
    if (w && w.generation === this.bridge.generation && w.sourceKey === key && (w.threads === threads || plan.choice.backend !== 'wasm')) return;
    // ORT fixes its thread count when its wasm first starts: another count needs a fresh worker.
    if (w && w.generation === this.bridge.generation && w.threads !== threads && plan.choice.backend === 'wasm') this.#restart();
    report();
    const opened = await this.bridge.call((api) => api.open(source));
    // Pin the thread count now: int8 QDQ calibration would otherwise start ORT with its default count first.
    await this.bridge.call((api) => api.load({ backend: 'wasm', threads: threads || undefined }));
    this.#worker = { generation: this.bridge.generation, sourceKey: key, threads };
    on.opened?.(opened);
  }

  async #measure(row: SweepRowSpec, plan: SweepPlan, report: (phase: Exclude<SweepPhase, 'refine'>, f?: number) => void): Promise<Measured> {
    report('compress');
    const compressed = await this.bridge.call((api) => api.compress(row.recipe, proxyCallback((f: number) => report('compress', f))));
    report('load');
    const info = await this.#load(plan);
    const sizes = await this.bridge.call((api) => api.sizes());
    report('latency');
    // Every row but the fp32 row itself is timed in runs alternated with fp32's: rows are measured minutes apart,
    // and a ratio of two rows' medians would measure the minutes (see runtime/latency.ts measureAgainstFp32).
    const vsFp32 = !isBaseline(row.recipe) || row.timingOnly === true;
    const latency = await this.gate.exclusive(() => this.bridge.call((api) => api.latency({ runs: Math.max(2, plan.runs), vsFp32 })));
    const steps = compressed.steps;
    const result: SweepResult = {
      id: row.id, label: row.label, recipe: row.recipe,
      size: sizes.after, latency,
      compressMs: steps.reduce((t, s) => t + s.ms, 0),
      warnings: rowWarnings(steps),
      layersChanged: steps.reduce((n, s) => n + s.layers.filter((l) => l.action === 'changed').length, 0),
      backend: info.backend, threads: info.threads,
    };
    // The noise check times fp32 again; its quality is the fp32 row's (same bytes, same backend).
    if (row.timingOnly) return { result };
    report('accuracy');
    const progress = new EvalProgress(plan.evalLimit);
    const onEval = proxyCallback((done: number, total: number) => report('accuracy', done / Math.max(1, total)));
    result.evaluation = progress.add(await this.gate.shared(() => this.bridge.call((api) => api.evaluateChunk(progress.request(), onEval))));
    if (progress.done) return { result, progress };
    const bytes = await this.bridge.call((api) => api.variantBytes());
    return { result, progress, bytes, report: { ...compressed, ...sizes } as SizedVariantReport };
  }

  async #refine(p: Pending, plan: SweepPlan, on: SweepListener, report: () => void): Promise<void> {
    await this.bridge.call((api) => api.adoptVariant(p.bytes, p.report));
    await this.#load(plan);
    while (!p.progress.done) {
      report();
      p.result = { ...p.result, evaluation: p.progress.add(await this.gate.shared(() => this.bridge.call((api) => api.evaluateChunk(p.progress.request())))) };
      on.result(p.result);
    }
  }

  #load(plan: SweepPlan) {
    const { backend, threads } = plan.choice;
    return this.bridge.call((api) => api.load({ backend, threads: backend === 'wasm' ? threads || undefined : undefined }));
  }
}

