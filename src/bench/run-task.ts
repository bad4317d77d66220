// A RunTask: one model on one backend config in one fresh worker, every recipe in turn:
// compress -> load -> benchmark -> evaluate (labels + agreement with fp32) -> hash (and keep) the variant bytes.
// A failing recipe is recorded with its error and the next one goes on (on a fresh worker if it crashed).
import { sha256Hex } from '../engine/size';
import type { WorkerBridge } from '../workers/bridge';
import type { LabApi, VariantReport } from '../workers/lab-api';
import type { RecipeRun, RunResult, RunTask, StepSummary } from './protocol';
import { newLabBridge } from './spawn';

/** Variant bytes kept for the runner, by `${model}/${recipe}`. */
export const keptVariants = new Map<string, Uint8Array>();

function stepSummaries(report: VariantReport): StepSummary[] {
  return report.steps.map((s) => ({
    transform: s.transform,
    options: s.options,
    ms: s.ms,
    layersChanged: s.layers.filter((l) => l.action === 'changed').length,
    layers: s.layers.length,
    weightBytes: s.layers.filter((l) => l.action === 'changed').reduce((n, l) => n + l.bytesBefore, 0),
    warnings: s.warnings.map((w) => w.en),
  }));
}

export async function runTask(task: RunTask): Promise<RunResult> {
  const t0 = performance.now();
  const bridge = newLabBridge();
  const log = (m: string) => console.log(`[bench] ${task.model} ${task.backend}${task.threads ? `x${task.threads}` : ''}: ${m}`);
  let opened = -1;
  const ensureOpen = async () => {
    if (opened === bridge.generation) return;
    await bridge.call((api) => api.open({ kind: 'builtin', id: task.model }));
    opened = bridge.generation;
  };
  const result: RunResult = { model: task.model, backend: task.backend, threadsRequested: task.threads, runs: task.runs, recipes: [], ms: 0 };
  try {
    if (task.prewarmMs) {
      await ensureOpen();
      result.prewarm = await prewarm(bridge, task);
      log(`pre-warm: ${result.prewarm.length} rounds of fp32 runs, median ${ms(result.prewarm[0])} → ${ms(result.prewarm[result.prewarm.length - 1])} ms`);
    }
    for (const { name, recipe } of task.recipes) {
      const run: RecipeRun = { name };
      result.recipes.push(run);
      try {
        await ensureOpen();
        await runRecipe(bridge, task, result, name, recipe, run, log);
        result.threads ??= run.threads;
      } catch (e) {
        run.error = (e as Error).message || String(e);
        log(`${name} failed: ${run.error}`);
      }
    }
    if (task.repeatBaseline) {
      try {
        await ensureOpen();
        await bridge.call((api) => api.compress([]));
        await bridge.call((api) => api.load({ backend: task.backend, threads: task.threads }));
        result.baselineRepeat = await bridge.call((api) => api.benchmark({ runs: result.runs, warmup: task.warmup }));
        log(`fp32 again: median ${result.baselineRepeat.medianMs.toFixed(2)} ms`);
      } catch (e) {
        log(`fp32 repeat failed: ${(e as Error).message}`);
      }
    }
  } finally {
    bridge.dispose();
  }
  result.ms = performance.now() - t0;
  return result;
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 0);

async function prewarm(bridge: WorkerBridge<LabApi>, task: RunTask): Promise<number[]> {
  await bridge.call((api) => api.compress([]));
  await bridge.call((api) => api.load({ backend: task.backend, threads: task.threads }));
  const times: number[] = [];
  const t0 = performance.now();
  const stable = () => {
    if (times.length < 3) return false;
    const last = times.slice(-3);
    return Math.max(...last) <= 1.15 * Math.min(...last);
  };
  const limit = 4 * task.prewarmMs!;
  while (performance.now() - t0 < limit && !(performance.now() - t0 >= task.prewarmMs! && stable())) {
    // Batches of runs for fast models, so the loop's own round trips stay small next to the work.
    const last = times[times.length - 1] ?? 1000;
    const runs = Math.max(1, Math.min(200, Math.floor(50 / last)));
    const s = await bridge.call((api) => api.benchmark({ runs, warmup: 0 }));
    times.push(s.medianMs);
  }
  return times;
}

async function runRecipe(bridge: WorkerBridge<LabApi>, task: RunTask, result: RunResult, name: string, recipe: RunTask['recipes'][number]['recipe'], run: RecipeRun, log: (m: string) => void) {
  const c0 = performance.now();
  const report = await bridge.call((api) => api.compress(recipe));
  run.compressMs = performance.now() - c0;
  run.before = report.before;
  run.after = report.after;
  run.steps = stepSummaries(report);
  const info = await bridge.call((api) => api.load({ backend: task.backend, threads: task.threads }));
  run.backend = info.backend;
  run.threads = info.threads;
  run.loadMs = info.loadMs;
  run.latency = await bridge.call((api) => api.benchmark({ runs: result.runs, warmup: task.warmup }));
  if (result.recipes.length === 1 && task.minTimeMs) {
    const needed = Math.min(task.maxRuns ?? 500, Math.ceil(task.minTimeMs / Math.max(run.latency.medianMs, 1e-3)));
    if (needed > result.runs) {
      result.runs = needed;
      run.latency = await bridge.call((api) => api.benchmark({ runs: needed, warmup: task.warmup }));
    }
  }
  log(`${name}: ${(report.after.raw / 1e6).toFixed(3)} MB, median ${run.latency.medianMs.toFixed(2)} ms`);
  if (task.evaluate) {
    run.eval = await bridge.call((api) => api.evaluate({ limit: task.evalLimit }));
    log(`${name}: ${run.eval.metric} ${(100 * run.eval.value).toFixed(2)}% (n=${run.eval.n})`);
  }
  const bytes = await bridge.call((api) => api.variantBytes());
  run.sha256 = await sha256Hex(bytes);
  if (task.keepBytes) keptVariants.set(`${task.model}/${name}`, bytes);
}

export function variantBase64(model: string, recipe: string): string {
  const bytes = keptVariants.get(`${model}/${recipe}`);
  if (!bytes) throw new Error(`No kept variant ${model}/${recipe}: run it with keepBytes first.`);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
