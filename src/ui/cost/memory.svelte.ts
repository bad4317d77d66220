// Peak memory of each pane's variant, measured by a probe in a fresh worker (see workers/memory-api.ts). A probe
// runs only while both panes are idle (it competes for the CPU, and a latency measured beside it would be
// wrong), is stopped as soon as a pane gets busy, and is retried when they are idle again.
import { WorkerBridge } from '../../workers/bridge';
import type { MemoryProbeApi, MemoryStats } from '../../workers/memory-api';
import type { LabState } from '../state/lab.svelte';
import type { PaneState } from '../state/pane.svelte';

export type MemoryResult = { stats: MemoryStats } | { error: string };

const RUNS = 3;

/** What the probe would measure for this pane now; undefined while it has nothing loaded or edits pending. */
export function variantKey(pane: PaneState): string | undefined {
  if (!pane.opened || !pane.info || !pane.report || pane.pendingEdits) return undefined;
  return `${pane.opened.sha256}|${JSON.stringify(pane.report.recipe)}|${pane.info.backend}|${pane.info.threads}`;
}

export class MemoryProbes {
  results = $state.raw<Record<string, MemoryResult>>({});
  /** The variant key being probed now (for the UI: "measuring…"). */
  running = $state<string | undefined>();
  /**
   * The same, untracked: `next` runs in an effect, which must re-run when a result arrives or a pane changes,
   * not when a probe merely ends (one that ended with nothing to record would start the same probe again).
   */
  #active: string | undefined;
  readonly #bridge: WorkerBridge<MemoryProbeApi>;

  constructor(spawn: () => Worker) {
    this.#bridge = new WorkerBridge<MemoryProbeApi>(spawn);
  }

  of(pane: PaneState): MemoryResult | undefined {
    const key = variantKey(pane);
    return key ? this.results[key] : undefined;
  }

  /** The measured stats (undefined while unmeasured or failed). */
  statsOf(pane: PaneState): MemoryStats | undefined {
    const m = this.of(pane);
    return m && 'stats' in m ? m.stats : undefined;
  }

  /** Probes the first measured pane whose variant has no result yet; call again when panes change. */
  async next(lab: LabState): Promise<void> {
    // Look for work first, so an effect calling this tracks the results and panes even while a probe runs.
    // A pane showing an error or notice is left alone (a worker task would clear the message).
    const pane = lab.panes.find((p) => p.latency && !p.error && !p.notice && variantKey(p) && !this.results[variantKey(p)!]);
    if (!pane || this.#active || lab.panes.some((p) => p.busy)) return;
    const key = variantKey(pane)!;
    const info = pane.info!;
    this.#active = this.running = key;
    try {
      const variant = await pane.shownVariantBytes(); // never applies edits waiting for Apply
      if (!variant) return; // it changed meanwhile: the next call probes what is on show then
      const stats = await this.#bridge.call((api) =>
        api.measure({ source: lab.source, variant, options: { backend: info.backend, threads: info.threads }, input: lab.input, runs: RUNS }),
      );
      this.results = { ...this.results, [key]: { stats } };
    } catch (e) {
      if ((e as Error).name !== 'CancelledError') this.results = { ...this.results, [key]: { error: (e as Error).message } };
    } finally {
      this.#bridge.dispose(); // a fresh worker (a fresh heap) for every probe
      this.#active = this.running = undefined;
    }
  }

  /** Stops a probe (a pane got busy): it is retried later, nothing is recorded. */
  stop(): void {
    if (this.#active) this.#bridge.cancel();
  }

  dispose(): void {
    this.#bridge.dispose();
  }
}
