// Runs a sweep's rows one after another in one worker: open the model once, then per row compress -> load ->
// benchmark -> evaluate. A failed row records its error and the sweep goes on; cancelling terminates the
// worker (the only way to stop a WASM call) and keeps the rows already measured. Plain TS: tested with a fake bridge.
import { CancelledError, WorkerCrashedError, proxyCallback, type WorkerBridge } from '../../workers/bridge';
import type { LabApi, ModelSource, OpenedModel } from '../../workers/lab-api';
import type { BackendChoice } from '../state/pane.svelte';
import type { SweepRowSpec } from './matrix';
import type { SweepResult } from './results';

export type SweepBridge = Pick<WorkerBridge<LabApi>, 'call' | 'cancel' | 'generation'>;

export interface SweepPlan {
  rows: readonly SweepRowSpec[];
  choice: BackendChoice;
  runs: number;
  warmup: number;
  /** Eval samples per row; undefined = the whole set. */
  evalLimit?: number;
}

export type SweepPhase = 'open' | 'compress' | 'load' | 'latency' | 'accuracy';

export interface SweepProgress {
  /** 0-based index of the row being measured, of `total`. */
  index: number;
  total: number;
  row: SweepRowSpec;
  phase: SweepPhase;
  /** How far this row is, 0..1. */
  fraction: number;
}

export interface SweepListener {
  opened?(model: OpenedModel): void;
  progress?(p: SweepProgress): void;
  result(r: SweepResult): void;
}

/** Most runs in one settle chunk (see #open). */
const SETTLE_MAX_RUNS = 2000;

/** Where each phase starts within a row's progress (compression and evaluation take most of the time). */
const PHASE_START: Record<SweepPhase, number> = { open: 0, compress: 0.05, load: 0.4, latency: 0.45, accuracy: 0.7 };
const PHASE_END: Record<SweepPhase, number> = { open: 0.05, compress: 0.4, load: 0.45, latency: 0.7, accuracy: 1 };

export class SweepRunner {
  /** The worker generation that has the model open, and the WASM thread count its ORT started with. */
  #worker: { generation: number; sourceKey: string; threads: number } | undefined;
  /** Counts runs and cancels, so callbacks of a cancelled run can tell they are stale. */
  #run = 0;

  /** settleMs: how long to run the fp32 model in a fresh worker before anything is timed (see #open). */
  constructor(private readonly bridge: SweepBridge, private readonly settleMs = 2000) {}

  /**
   * Resolves 'cancelled' when cancel() stopped it. A model that cannot be opened at all rejects (one clear error
   * instead of the same one on every row); any later failure is reported as that row's error.
   */
  async run(source: ModelSource, plan: SweepPlan, on: SweepListener): Promise<'done' | 'cancelled'> {
    if (!plan.rows.length) return 'done';
    // Progress messages the worker posted just before it was terminated still arrive afterwards: drop them.
    const run = ++this.#run;
    const progress = (p: SweepProgress) => run === this.#run && on.progress?.(p);
    try {
      await this.#open(source, plan, on, () => progress({ index: 0, total: plan.rows.length, row: plan.rows[0], phase: 'open', fraction: 0 }));
      for (const [index, row] of plan.rows.entries()) {
        const report = (phase: SweepPhase, f = 0) =>
          progress({ index, total: plan.rows.length, row, phase, fraction: PHASE_START[phase] + f * (PHASE_END[phase] - PHASE_START[phase]) });
        try {
          await this.#open(source, plan, on, () => report('open'));
          on.result(await this.#measure(row, plan, report));
        } catch (e) {
          if (e instanceof CancelledError) throw e;
          if (e instanceof WorkerCrashedError) this.#worker = undefined; // the next row opens the model in a fresh worker
          on.result({ id: row.id, label: row.label, recipe: row.recipe, error: (e as Error).message });
        }
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
    // V8 starts ORT's wasm on baseline code and optimises hot functions in the background, so the first row timed
    // (usually fp32, the baseline of every ratio) came out ~1.7x slower than the same graph timed later. Running
    // the fp32 model for about two seconds first lets every row be timed on the same, optimised code (one second
    // was not always enough on a loaded 2-core machine).
    // Timed here, in chunks of ~1/8 s, so a machine slower than the first runs suggested still stops on time.
    const probe = await this.bridge.call((api) => api.benchmark({ runs: 3, warmup: 1 }));
    const chunk = Math.min(SETTLE_MAX_RUNS, Math.ceil(125 / Math.max(probe.medianMs, 0.01)));
    for (const t0 = performance.now(); performance.now() - t0 < this.settleMs; ) {
      await this.bridge.call((api) => api.benchmark({ runs: 1, warmup: chunk }));
    }
    this.#worker = { generation: this.bridge.generation, sourceKey: key, threads };
    on.opened?.(opened);
  }

  async #measure(row: SweepRowSpec, plan: SweepPlan, report: (phase: SweepPhase, f?: number) => void): Promise<SweepResult> {
    report('compress');
    const compressed = await this.bridge.call((api) => api.compress(row.recipe, proxyCallback((f: number) => report('compress', f))));
    report('load');
    const { backend, threads } = plan.choice;
    const info = await this.bridge.call((api) => api.load({ backend, threads: backend === 'wasm' ? threads || undefined : undefined }));
    const { after: size } = await this.bridge.call((api) => api.sizes());
    report('latency');
    const onBench = proxyCallback((done: number) => report('latency', done / plan.runs));
    const latency = await this.bridge.call((api) => api.benchmark({ runs: plan.runs, warmup: plan.warmup }, onBench));
    report('accuracy');
    const onEval = proxyCallback((done: number, total: number) => report('accuracy', done / total));
    const evaluation = await this.bridge.call((api) => api.evaluate({ limit: plan.evalLimit }, onEval));
    const steps = compressed.steps;
    return {
      id: row.id, label: row.label, recipe: row.recipe,
      size, latency, evaluation,
      compressMs: steps.reduce((t, s) => t + s.ms, 0),
      warnings: steps.reduce((n, s) => n + s.warnings.length, 0),
      layersChanged: steps.reduce((n, s) => n + s.layers.filter((l) => l.action === 'changed').length, 0),
      backend: info.backend, threads: info.threads,
    };
  }
}

export function sourceKey(source: ModelSource): string {
  return source.kind === 'builtin' ? `builtin:${source.id}` : `upload:${source.name}:${source.bytes.length}:${source.inputs?.revision ?? 0}`;
}
