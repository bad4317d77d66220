// The ensemble panel's measurement: latency of running both panes' models for one input, one after the other
// and in parallel (each pane has its own worker), warmed up until times settle and timed interleaved.
import { summarize, warmUntilSettled, median, type LatencyStats } from '../../runtime/stats';
import type { PaneState } from './pane.svelte';
import type { WorkerBridge } from '../../workers/bridge';
import type { LabApi } from '../../workers/lab-api';

type Call = WorkerBridge<LabApi>['call'];

export interface EnsembleLatency {
  sequential: LatencyStats;
  parallel: LatencyStats;
  settled: boolean;
  /** The panes' variants and sessions it was measured with. */
  of: unknown[];
}

/** Runs per block; sequential and parallel blocks alternate so both see the same machine load. */
const BLOCK = 5;
const SETTLE = { minMs: 300, maxMs: 5000 };

export class EnsembleState {
  #measured = $state.raw<EnsembleLatency | undefined>();
  measuring = $state(false);
  error = $state<string | undefined>();
  /** The last measurement, while both panes still hold the variants and sessions it timed. */
  latency = $derived(this.#measured && this.#measured.of.every((x, i) => x === this.#current()[i]) ? this.#measured : undefined);

  constructor(private readonly panes: readonly [PaneState, PaneState]) {}

  #current(): unknown[] {
    // The steps array survives the report gaining its gzip sizes; a new variant or session replaces it.
    return this.panes.flatMap((p) => [p.report?.steps, p.info]);
  }

  async measureLatency(runs = 30): Promise<void> {
    const [left, right] = this.panes;
    this.measuring = true;
    this.error = undefined;
    try {
      await left.exclusive((a) => right.exclusive((b) => this.#time(a, b, runs)));
      if (left.error || right.error) this.error = left.error ?? right.error;
    } finally {
      this.measuring = false;
    }
  }

  async #time(a: Call, b: Call, runs: number): Promise<void> {
    // One inference on the pane's last input (or its first eval sample): a one-run benchmark call.
    const once = (call: Call) => call((api) => api.benchmark({ runs: 1, warmup: 0 }));
    const modes = {
      sequential: async () => { await once(a); await once(b); },
      parallel: async () => { await Promise.all([once(a), once(b)]); },
    };
    const timed = async (run: () => Promise<void>) => {
      const t0 = performance.now();
      await run();
      return performance.now() - t0;
    };
    let warmRuns = 0;
    const round = (run: () => Promise<void>) => async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) times.push(await timed(run));
      warmRuns += n;
      return median(times.sort((x, y) => x - y));
    };
    const warm = [await warmUntilSettled(round(modes.sequential), SETTLE), await warmUntilSettled(round(modes.parallel), SETTLE)];
    const times = { sequential: [] as number[], parallel: [] as number[] };
    while (times.sequential.length < runs) {
      for (let i = 0; i < BLOCK; i++) times.sequential.push(await timed(modes.sequential));
      for (let i = 0; i < BLOCK; i++) times.parallel.push(await timed(modes.parallel));
    }
    this.#measured = {
      of: this.#current(),
      sequential: summarize(times.sequential, warmRuns),
      parallel: summarize(times.parallel, warmRuns),
      settled: warm.every((w) => w.settled),
    };
  }
}
