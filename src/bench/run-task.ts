// A RunTask: one model on one backend config. Two fresh lab workers: a reference that keeps the fp32 model
// loaded, and one that takes each recipe in turn (compress -> load -> time -> evaluate -> hash the bytes).
// Latency is timed in alternating blocks, fp32 then variant then variant then fp32 (ABBA), so the ratio to fp32
// compares runs made at the same moment: on a shared machine whose load swings, timing fp32 once at the start
// made ratios swing by 3×. Every variant warms up until its times settle before it is timed (a variant that sped
// up while being timed made its ratio look better than it is). A failing recipe is recorded with its error and the
// next one goes on.
import { medianWithInterval } from '../engine/confidence';
import { sha256Hex } from '../engine/size';
import { summarize } from '../runtime/stats';
import type { VariantReport } from '../workers/lab-api';
import { BenchPane } from './pane';
import type { RecipeRun, RunResult, RunTask, StepSummary } from './protocol';

/** Variant bytes kept for the runner, by `${model}/${recipe}`. */
export const keptVariants = new Map<string, Uint8Array>();

/** Each block of timed runs should cover about this long, so switching workers costs little cache warmth. */
const BLOCK_MS = 25;

function stepSummaries(report: VariantReport): StepSummary[] {
  // A multi-stage model (photo OCR) reports its steps per stage: each stage's step is a row.
  const steps = report.stages ? report.stages.flatMap((s) => s.steps) : report.steps;
  return steps.map((s) => ({
    transform: s.transform,
    options: s.options,
    ms: s.ms,
    layersChanged: s.layers.filter((l) => l.action === 'changed').length,
    layers: s.layers.length,
    weightBytes: s.layers.filter((l) => l.action === 'changed').reduce((n, l) => n + l.bytesBefore, 0),
    warnings: s.warnings.map((w) => w.en),
  }));
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 0);

export async function runTask(task: RunTask): Promise<RunResult> {
  const t0 = performance.now();
  const source = { kind: 'builtin' as const, id: task.model };
  const reference = new BenchPane(source, task.backend, task.threads);
  const variant = new BenchPane(source, task.backend, task.threads);
  const log = (m: string) => console.log(`[bench] ${task.model} ${task.backend}${task.threads ? `x${task.threads}` : ''}: ${m}`);
  const result: RunResult = { model: task.model, backend: task.backend, threadsRequested: task.threads, runs: task.runs, block: 1, recipes: [], ms: 0 };
  try {
    const { info } = await reference.compressAndLoad([]);
    result.threads = info.threads;
    result.settle = await reference.settle(task.settle);
    const r = result.settle.rounds;
    if (r.length) log(`warm-up: fp32 ${ms(r[0])} → ${ms(r[r.length - 1])} ms over ${r.length} rounds${result.settle.settled ? '' : ' (did not settle)'}`);
    const base = r.at(-1) ?? (await reference.time(1))[0];
    if (task.minTimeMs) result.runs = Math.max(task.runs, Math.min(task.maxRuns ?? 500, Math.ceil(task.minTimeMs / Math.max(base, 1e-3))));
    // At least six rounds, so the ABBA order can cancel what being first or second in a round does.
    result.block = Math.max(1, Math.min(Math.ceil(result.runs / 6), Math.ceil(BLOCK_MS / Math.max(base, 1e-3))));
    for (const { name, recipe } of task.recipes) {
      const run: RecipeRun = { name };
      result.recipes.push(run);
      try {
        await runRecipe(task, result, reference, variant, recipe, run, log);
      } catch (e) {
        run.error = (e as Error).message || String(e);
        log(`${name} failed: ${run.error}`);
      }
    }
  } finally {
    reference.dispose();
    variant.dispose();
  }
  result.ms = performance.now() - t0;
  return result;
}

async function runRecipe(task: RunTask, result: RunResult, reference: BenchPane, variant: BenchPane, recipe: RunTask['recipes'][number]['recipe'], run: RecipeRun, log: (m: string) => void) {
  const { report, info, compressMs } = await variant.compressAndLoad(recipe);
  run.compressMs = compressMs;
  run.before = report.before;
  run.after = report.after;
  run.steps = stepSummaries(report);
  run.backend = info.backend;
  run.threads = info.threads;
  run.loadMs = info.loadMs;
  if (!reference.loaded) {
    await reference.compressAndLoad([]);
    await reference.settle(task.settle);
  }
  run.settle = await variant.settle(task.settle);
  const fp32: number[] = [];
  const times: number[] = [];
  const pairs: number[] = [];
  // A warm-up run before each block refills the caches the other worker just used (only worth it for long blocks).
  const blockWarmup = result.block >= 3 ? 1 : 0;
  for (let round = 0; times.length < result.runs; round++) {
    const n = Math.min(result.block, result.runs - times.length);
    const block = { fp32: 0, variant: 0 };
    for (const side of round % 2 === 0 ? [reference, variant] : [variant, reference]) {
      await side.time(blockWarmup);
      const t = await side.time(n);
      (side === reference ? fp32 : times).push(...t);
      block[side === reference ? 'fp32' : 'variant'] = summarize(t, 0).medianMs;
    }
    pairs.push(block.variant / block.fp32);
  }
  run.latency = summarize(times, run.settle.runs);
  run.reference = summarize(fp32, run.settle.runs);
  // Adjacent blocks' ratios, as everywhere (runtime/interleaved.ts says why not the ratio of the two medians).
  const { median: ratio, ci } = medianWithInterval(pairs);
  run.ratio = ratio;
  run.ratioCi95 = [ci.low, ci.high];
  // The same number of runs once more, in one message: what native's loop measures (no message per run).
  const loop = await variant.loop(result.runs);
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 1e4) / 1e4);
  run.times = round(times);
  run.referenceTimes = round(fp32);
  run.loopTimes = round(loop);
  run.loopMedianMs = summarize(loop, 0).medianMs;
  log(`${run.name}: ${(report.after.raw / 1e6).toFixed(3)} MB, median ${ms(run.latency.medianMs)} ms vs fp32 ${ms(run.reference.medianMs)} ms (${run.ratio.toFixed(2)}× [${ci.low.toFixed(2)}–${ci.high.toFixed(2)}]), in-worker loop ${ms(run.loopMedianMs)} ms`);
  if (task.evaluate) {
    run.eval = await variant.bridge.call((api) => api.evaluate({ limit: task.evalLimit }));
    log(`${run.name}: ${run.eval.metric} ${(100 * run.eval.value).toFixed(2)}% (n=${run.eval.n})`);
  }
  const bytes = await variant.bridge.call((api) => api.variantBytes());
  run.sha256 = await sha256Hex(bytes);
  if (task.keepBytes) keptVariants.set(`${task.model}/${run.name}`, bytes);
}

export function variantBase64(model: string, recipe: string): string {
  const bytes = keptVariants.get(`${model}/${recipe}`);
  if (!bytes) throw new Error(`No kept variant ${model}/${recipe}: run it with keepBytes first.`);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
