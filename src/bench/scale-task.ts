// The bench's scale section, page side: the app's ScaleRunner (a fresh scale-lab worker per point, recipe and
// thread count) over the points and recipes the bench asks for, logging each row as it lands.
import { SCALE_SEED, scalePreset } from '../engine/scale/presets';
import { scaleRecipe } from '../engine/scale/recipes';
import { newScaleBridge, ScaleRunner, type ScaleRow } from '../workers/scale-runner';
import type { ScaleTask } from './protocol';

export async function runScaleTask(task: ScaleTask): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  const plan = {
    points: task.points.map(scalePreset), recipes: task.recipes.map(scaleRecipe), threads: task.threads, seed: SCALE_SEED,
    budget: task.budget, decodeBudget: task.decodeBudget, profilePoints: task.profilePoints,
  };
  await new ScaleRunner(newScaleBridge).run(plan, {
    result: (row) => {
      rows.push(row);
      const m = row.measurement;
      console.log(`[bench] scale ${row.pointId} ${row.recipeId} ×${row.threadsRequested}: ${m
        ? `${m.latency.ratio.toFixed(2)}× fp32 (${m.latency.variant.medianMs.toFixed(1)} vs ${m.latency.fp32.medianMs.toFixed(1)} ms, n=${m.latency.variant.n})${m.decode ? `, decode ${m.decode.tokensPerSecond.toFixed(1)} tok/s vs ${m.decode.fp32TokensPerSecond.toFixed(1)}` : ''}, download ${(m.downloadBytes / m.fp32Bytes).toFixed(3)}×`
        : row.error}`);
    },
  });
  return rows;
}
