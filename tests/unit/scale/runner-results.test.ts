// The page side of the scale lab without workers: the runner's order, refusals, failures and cancel against a fake
// worker bridge, and what the view derives from rows (series, crossover verdicts, CSV).
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/workers/bridge';
import { scalePreset } from '../../../src/engine/scale/presets';
import { scaleRecipe } from '../../../src/engine/scale/recipes';
import type { ScaleApi, ScaleJob, ScaleMeasurement } from '../../../src/workers/scale-api';
import { ScaleRunner, type ScaleBridge, type ScaleRow } from '../../../src/workers/scale-runner';
import { scaleCsv, scaleSeries, verdicts } from '../../../src/ui/scale/results';
import { EFFORT_BUDGETS } from '../../../src/ui/state/scale-lab.svelte';

const stats = (medianMs: number) => ({ n: 5, warmup: 0, medianMs, p95Ms: medianMs, minMs: medianMs, maxMs: medianMs, meanMs: medianMs });

function measurement(job: ScaleJob, ratio: number, ci: [number, number], threads = job.threads): ScaleMeasurement {
  const timed = { fp32: stats(10), variant: stats(10 * ratio), ratio, ci: { low: ci[0], high: ci[1] }, settled: { fp32: true, variant: true }, block: 1 };
  return {
    recipeId: job.recipeId, kind: job.shape.kind, params: job.shape.layers * job.shape.hidden, threads, fp32Bytes: 100, downloadBytes: 30, computeBytes: 30,
    generateMs: 1, compressMs: 1, expandMs: 0, loadMs: 1, latency: timed, agreement: { relError: 0.01, cosine: 0.99 }, layersChanged: 3, warnings: [],
  };
}

/** A bridge per measurement, as the runner makes them; `answer` decides each job's outcome. */
function fakeBridges(answer: (job: ScaleJob) => Promise<ScaleMeasurement>) {
  const jobs: ScaleJob[] = [];
  let disposed = 0;
  let pending: ((e: Error) => void) | undefined;
  const call = <R>(fn: (api: ScaleApi) => Promise<R>) => new Promise<R>((resolve, reject) => {
    pending = reject;
    const api: ScaleApi = { measure: (job) => (jobs.push(job), answer(job)) };
    fn(api).then(resolve, reject);
  });
  const make = (): ScaleBridge => ({
    call: call as unknown as ScaleBridge['call'],
    cancel: () => pending?.(new CancelledError()),
    dispose: () => void disposed++,
  });
  return { make, jobs, disposed: () => disposed };
}

const budget = EFFORT_BUDGETS.quick[0];
const plan = (points: string[], recipes: string[], threads = [1]) => ({
  points: points.map(scalePreset), recipes: recipes.map(scaleRecipe), threads, seed: 1, budget, decodeBudget: EFFORT_BUDGETS.quick[1],
});

describe('ScaleRunner', () => {
  it('runs point × threads × recipe in order, one fresh worker each, refusing what does not fit without a worker', async () => {
    const fake = fakeBridges(async (job) => measurement(job, 0.5, [0.4, 0.6]));
    const rows: ScaleRow[] = [];
    const outcome = await new ScaleRunner(fake.make).run(plan(['enc-micro', 'enc-large', 'enc-tiny'], ['fp32', 'int8-dynamic'], [1, 2]), { result: (r) => rows.push(r) });
    expect(outcome).toBe('done');
    expect(rows.map((r) => `${r.pointId}/${r.threadsRequested}/${r.recipeId}`)).toEqual([
      'enc-micro/1/fp32', 'enc-micro/1/int8-dynamic', 'enc-micro/2/fp32', 'enc-micro/2/int8-dynamic',
      'enc-large/1/fp32', 'enc-large/1/int8-dynamic', 'enc-large/2/fp32', 'enc-large/2/int8-dynamic',
      'enc-tiny/1/fp32', 'enc-tiny/1/int8-dynamic', 'enc-tiny/2/fp32', 'enc-tiny/2/int8-dynamic',
    ]);
    expect(fake.jobs).toHaveLength(8); // BERT-large never reached a worker
    expect(fake.disposed()).toBe(8);
    const refused = rows.filter((r) => r.refused);
    expect(refused).toHaveLength(4);
    expect(refused[0].error).toMatch(/WebAssembly memory/);
    expect(fake.jobs[1]).toMatchObject({ recipeId: 'int8-dynamic', threads: 1, seed: 1, recipe: scaleRecipe('int8-dynamic').recipe });
    expect(fake.jobs.every((j) => j.profile === undefined)).toBe(true);
  });

  it('profiles the chosen points: fp32 with the first recipe of each thread count, then the variants only', async () => {
    const fake = fakeBridges(async (job) => measurement(job, 0.5, [0.4, 0.6]));
    await new ScaleRunner(fake.make).run({ ...plan(['enc-micro', 'enc-tiny'], ['int8-dynamic', 'int4'], [1, 2]), profilePoints: ['enc-tiny'] }, { result: () => {} });
    expect(fake.jobs.map((j) => j.profile ?? '-')).toEqual(['-', '-', '-', '-', 'both', 'variant', 'both', 'variant']);
  });

  it('records a failed measurement and goes on; cancel stops and keeps what was measured', async () => {
    let n = 0;
    const fake = fakeBridges(async (job) => {
      n++;
      if (n === 1) throw new Error('The model worker crashed (out of memory).');
      if (n === 3) return new Promise<ScaleMeasurement>(() => {}); // hangs until cancelled
      return measurement(job, 1, [0.9, 1.1]);
    });
    const rows: ScaleRow[] = [];
    const runner = new ScaleRunner(fake.make);
    const done = runner.run(plan(['enc-micro', 'enc-tiny'], ['int8-dynamic', 'int4']), { result: (r) => rows.push(r) });
    await new Promise((r) => setTimeout(r, 10));
    runner.cancel();
    expect(await done).toBe('cancelled');
    expect(rows.map((r) => [r.recipeId, r.error ?? 'ok'])).toEqual([['int8-dynamic', 'The model worker crashed (out of memory).'], ['int4', 'ok']]);
  });
});

describe('scale results', () => {
  const row = (point: string, recipe: string, ratio: number, ci: [number, number], threads = 1): ScaleRow => {
    const p = scalePreset(point), r = scaleRecipe(recipe);
    const job = { shape: p.shape, seed: 1, recipeId: r.id, recipe: r.recipe, threads, budget };
    return { pointId: p.id, pointLabel: p.label, shape: p.shape, recipeId: r.id, recipeLabel: r.label, threadsRequested: threads, measurement: measurement(job, ratio, ci) };
  };

  it('groups series by recipe and threads, sorted by parameters, and finds where each starts to pay off', () => {
    const rows = [
      row('enc-small', 'int8-dynamic', 0.7, [0.6, 0.8]), row('enc-micro', 'int8-dynamic', 1.6, [1.4, 1.8]), row('enc-mini', 'int8-dynamic', 0.95, [0.85, 1.05]),
      row('enc-micro', 'int4', 2, [1.8, 2.2]), row('enc-small', 'int4', 1.3, [1.2, 1.4]),
      row('enc-micro', 'int4-run-int8', 0.8, [0.7, 0.9]), row('enc-small', 'int4-run-int8', 1.2, [1.1, 1.3]),
      row('enc-micro', 'fp32', 1, [0.9, 1.1]),
      row('enc-micro', 'int8-dynamic', 1.2, [1.1, 1.3], 2),
    ];
    const series = scaleSeries(rows, 'pass');
    const int8 = series.find((s) => s.key === 'int8-dynamic@1')!;
    expect(int8.points.map((p) => p.row.pointId)).toEqual(['enc-micro', 'enc-mini', 'enc-small']);
    expect(series.map((s) => s.key).sort()).toEqual(['fp32@1', 'int4-run-int8@1', 'int4@1', 'int8-dynamic@1', 'int8-dynamic@2']);
    const v = Object.fromEntries(verdicts(series).map((x) => [x.series.key, x]));
    expect(v['fp32@1']).toBeUndefined();
    expect(v['int8-dynamic@1']).toMatchObject({ kind: 'faster', from: { row: { pointId: 'enc-small' } } }); // mini's interval crosses 1
    expect(v['int4@1']).toMatchObject({ kind: 'never', best: 1.3 });
    expect(v['int4-run-int8@1']).toMatchObject({ kind: 'mixed' });
    expect(v['int8-dynamic@2']).toMatchObject({ kind: 'never' });
    expect(scaleSeries(rows, 'decode')).toEqual([]); // encoders have no decode runs
  });

  it('writes one CSV line per row, refused rows with their estimate', () => {
    const refused: ScaleRow = { ...row('enc-large', 'int4', 1, [1, 1]), measurement: undefined, refused: { params: 335e6, fp32Bytes: 1.34e9, wasmBytes: 6.2e9, jsBytes: 2.7e9, wasmLimit: 3.8e9, fits: false, reason: 'too big' }, error: 'too big' };
    const lines = scaleCsv([row('enc-micro', 'int8-dynamic', 0.5, [0.4, 0.6]), refused]).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    const header = lines[0].split(',');
    const at = (line: string, col: string) => line.split(',')[header.indexOf(col)];
    expect(at(lines[1], 'latency_ratio')).toBe('0.5');
    expect(at(lines[1], 'status')).toBe('ok');
    expect(at(lines[2], 'status')).toBe('refused');
    expect(at(lines[2], 'estimated_heap_bytes')).toBe('6200000000');
  });
});
