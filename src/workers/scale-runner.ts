// Runs a scale sweep page-side: for each point, thread count and recipe, a fresh scale worker measures and is
// terminated, so the next measurement starts with an empty heap (and its own thread count). A point whose memory
// estimate does not fit is refused without starting a worker; a failed or crashed measurement records its error
// and the sweep goes on; cancelling terminates the current worker and keeps the rows measured so far.
// Shared by the Scale lab view and the bench page; plain TS, tested with a fake worker.
import type { Text } from '../engine/i18n-text';
import { estimateMemory, type MemoryEstimate } from '../engine/scale/memory';
import type { ScalePreset } from '../engine/scale/presets';
import type { ScaleRecipe } from '../engine/scale/recipes';
import type { InterleaveBudget } from '../runtime/interleaved';
import { CancelledError, WorkerBridge, proxyCallback } from './bridge';
import type { ScaleApi, ScaleMeasurement, ScalePhase } from './scale-api';

export interface ScalePlan {
  points: readonly ScalePreset[];
  recipes: readonly ScaleRecipe[];
  threads: readonly number[];
  seed: number;
  budget: InterleaveBudget;
  decodeBudget: InterleaveBudget;
  deviceMemoryGiB?: number;
  /** Point ids whose measurements also get ORT's per-operator profile (the bench's big points; fp32 with the first recipe). */
  profilePoints?: readonly string[];
}

export interface ScaleRow {
  pointId: string;
  pointLabel: Text;
  shape: ScalePreset['shape'];
  recipeId: string;
  recipeLabel: Text;
  threadsRequested: number;
  measurement?: ScaleMeasurement;
  /** The point's memory estimate, when it was refused for not fitting. */
  refused?: MemoryEstimate;
  error?: string;
}

export interface ScaleProgress {
  /** 0-based index of the measurement running, of `total`. */
  index: number;
  total: number;
  point: ScalePreset;
  recipe: ScaleRecipe;
  threads: number;
  phase: ScalePhase;
  fraction: number;
}

export interface ScaleListener {
  progress?(p: ScaleProgress): void;
  result(row: ScaleRow): void;
}

export type ScaleBridge = Pick<WorkerBridge<ScaleApi>, 'call' | 'cancel' | 'dispose'>;

export class ScaleRunner {
  #current: ScaleBridge | undefined;
  #run = 0;

  constructor(private readonly newBridge: () => ScaleBridge) {}

  async run(plan: ScalePlan, on: ScaleListener): Promise<'done' | 'cancelled'> {
    const run = ++this.#run;
    const jobs = plan.points.flatMap((point) => plan.threads.flatMap((threads) => plan.recipes.map((recipe, r) => ({ point, threads, recipe, first: r === 0 }))));
    for (const [index, { point, threads, recipe, first }] of jobs.entries()) {
      if (run !== this.#run) return 'cancelled';
      const row: ScaleRow = { pointId: point.id, pointLabel: point.label, shape: point.shape, recipeId: recipe.id, recipeLabel: recipe.label, threadsRequested: threads };
      const estimate = estimateMemory(point.shape, plan.deviceMemoryGiB);
      if (!estimate.fits) {
        on.result({ ...row, refused: estimate, error: estimate.reason });
        continue;
      }
      const bridge = (this.#current = this.newBridge());
      const progress = proxyCallback((phase: ScalePhase, fraction: number) => {
        if (run === this.#run) on.progress?.({ index, total: jobs.length, point, recipe, threads, phase, fraction });
      });
      try {
        on.progress?.({ index, total: jobs.length, point, recipe, threads, phase: 'generate', fraction: 0 });
        const measurement = await bridge.call((api) => api.measure({
          shape: point.shape, seed: plan.seed, recipeId: recipe.id, recipe: recipe.recipe, threads,
          budget: plan.budget, decodeBudget: plan.decodeBudget, deviceMemoryGiB: plan.deviceMemoryGiB,
          profile: plan.profilePoints?.includes(point.id) ? (first ? 'both' : 'variant') : undefined,
        }, progress));
        on.result({ ...row, measurement });
      } catch (e) {
        if (e instanceof CancelledError || run !== this.#run) return 'cancelled';
        on.result({ ...row, error: (e as Error).message || String(e) });
      } finally {
        bridge.dispose();
        if (this.#current === bridge) this.#current = undefined;
      }
    }
    return 'done';
  }

  cancel(): void {
    this.#run++;
    this.#current?.cancel();
  }
}

/** A bridge to a fresh scale worker (the app's and the bench page's). */
export function newScaleBridge(): WorkerBridge<ScaleApi> {
  return new WorkerBridge<ScaleApi>(() => new Worker(new URL('./scale.worker.ts', import.meta.url), { type: 'module' }));
}
