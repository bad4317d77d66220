// A lab worker as the bench uses it: remembers whether its model is open and a session loaded, so a crashed
// worker (respawned by the bridge with nothing in it) is set up again before the next call.
import type { Recipe } from '../engine/pipeline';
import type { WorkerBridge } from '../workers/bridge';
import type { LabApi, SizedVariantReport } from '../workers/lab-api';
import type { ModelInfo } from '../workers/model-api';
import type { RunTask } from './protocol';
import { newLabBridge } from './spawn';

export class BenchPane {
  readonly bridge: WorkerBridge<LabApi> = newLabBridge();
  #opened = -1;
  #loaded = -1;

  constructor(private readonly task: RunTask) {}

  get loaded(): boolean {
    return this.#loaded === this.bridge.generation;
  }

  async compressAndLoad(recipe: Recipe): Promise<{ report: SizedVariantReport; info: ModelInfo; compressMs: number }> {
    if (this.#opened !== this.bridge.generation) {
      await this.bridge.call((api) => api.open({ kind: 'builtin', id: this.task.model }));
      this.#opened = this.bridge.generation;
    }
    const t0 = performance.now();
    const report = await this.bridge.call((api) => api.compress(recipe));
    const compressMs = performance.now() - t0;
    const info = await this.bridge.call((api) => api.load({ backend: this.task.backend, threads: this.task.threads }));
    this.#loaded = this.bridge.generation;
    return { report: { ...report, ...(await this.bridge.call((api) => api.sizes())) }, info, compressMs };
  }

  /** `n` single timed runs (LabService.benchmark with runs 1): the raw times, for pooled medians and p95. */
  async time(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await this.bridge.call((api) => api.benchmark({ runs: 1, warmup: 0 }))).medianMs);
    return out;
  }

  /**
   * Runs fp32 for at least `minMs` and until three rounds agree within 15% (at most 4× minMs): Chromium starts
   * ORT's wasm in its baseline compiler and swaps in optimized code while it runs. Returns each round's median.
   */
  async prewarm(minMs: number): Promise<number[]> {
    const rounds: number[] = [];
    const t0 = performance.now();
    // 15%, or 10 µs for the tiniest models, where 15% is below the timer's jitter.
    const stable = () => rounds.length >= 3 && Math.max(...rounds.slice(-3)) <= Math.max(1.15 * Math.min(...rounds.slice(-3)), Math.min(...rounds.slice(-3)) + 0.01);
    while (performance.now() - t0 < 4 * minMs && !(performance.now() - t0 >= minMs && stable())) {
      const last = rounds[rounds.length - 1] ?? 1000;
      const runs = Math.max(1, Math.min(200, Math.floor(50 / last)));
      rounds.push((await this.bridge.call((api) => api.benchmark({ runs, warmup: 0 }))).medianMs);
    }
    return rounds;
  }

  dispose(): void {
    this.bridge.dispose();
  }
}
