// A lab worker as the bench uses it: remembers whether its model is open and a session loaded, so a crashed
// worker (respawned by the bridge with nothing in it) is set up again before the next call.
import type { Recipe } from '../engine/pipeline';
import { warmUntilSettled, type SettleResult } from '../runtime/stats';
import type { WorkerBridge } from '../workers/bridge';
import type { LabApi, ModelSource, SizedVariantReport } from '../workers/lab-api';
import type { ModelInfo } from '../workers/model-api';
import type { SettleSpec } from './protocol';
import { newLabBridge } from './spawn';

export class BenchPane {
  readonly bridge: WorkerBridge<LabApi> = newLabBridge();
  #opened = -1;
  #loaded = -1;

  /** `threads`: WASM threads of this worker (ORT fixes them at its first session). */
  constructor(private readonly source: ModelSource, private readonly backend: 'wasm' | 'webgpu', private readonly threads?: number) {}

  get loaded(): boolean {
    return this.#loaded === this.bridge.generation;
  }

  async compressAndLoad(recipe: Recipe): Promise<{ report: SizedVariantReport; info: ModelInfo; compressMs: number }> {
    if (this.#opened !== this.bridge.generation) {
      await this.bridge.call((api) => api.open(this.source));
      this.#opened = this.bridge.generation;
    }
    const t0 = performance.now();
    const report = await this.bridge.call((api) => api.compress(recipe, undefined, this.threads));
    const compressMs = performance.now() - t0;
    const info = await this.bridge.call((api) => api.load({ backend: this.backend, threads: this.threads }));
    this.#loaded = this.bridge.generation;
    return { report: { ...report, ...(await this.bridge.call((api) => api.sizes())) }, info, compressMs };
  }

  /** `n` single timed runs, one message each (LabService.benchmark with runs 1), as a pane measures one run. */
  async time(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await this.bridge.call((api) => api.benchmark({ runs: 1, warmup: 0 }))).medianMs);
    return out;
  }

  /** `n` runs in one message, timed inside the worker (as onnxruntime-node is timed): no messaging per run. */
  async loop(n: number): Promise<number[]> {
    return (await this.bridge.call((api) => api.benchmark({ runs: n, warmup: 0, keepTimes: true }))).times!;
  }

  /**
   * Runs the loaded model until its times settle (see warmUntilSettled): Chromium starts ORT's wasm in its baseline
   * compiler and swaps in optimized code while it runs, and a freshly loaded variant's first runs fill caches
   * and allocators, so timing them reports a cold model. Done for every variant, not only fp32.
   */
  async settle(spec: SettleSpec): Promise<SettleResult & { runs: number }> {
    let runs = 0;
    const r = await warmUntilSettled(async (n) => {
      runs += n;
      return (await this.bridge.call((api) => api.benchmark({ runs: n, warmup: 0 }))).medianMs;
    }, spec);
    return { ...r, runs };
  }

  dispose(): void {
    this.bridge.dispose();
  }
}
