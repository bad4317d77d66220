// The sweep's orchestration with a fake worker bridge: the real LabService (real ORT, real digits model) for the
// happy path; scripted fakes for failures, crashes, cancel and thread changes.
import type * as Comlink from 'comlink';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, WorkerCrashedError } from '../../../src/workers/bridge';
import type { LabApi, ModelSource } from '../../../src/workers/lab-api';
import { LabService } from '../../../src/workers/lab-service';
import { DEFAULT_MATRIX } from '../../../src/ui/sweep/matrix';
import { SweepRunner, type SweepPlan, type SweepProgress } from '../../../src/ui/sweep/runner';
import { withRatios, type SweepResult } from '../../../src/ui/sweep/results';
import { median } from '../../../src/runtime/stats';
import { stubSiteFetch } from '../fixtures/site-fetch';

beforeAll(() => {
  stubSiteFetch();
});

/** Like WorkerBridge, minus the worker: calls go straight to an object; cancel/crash reject what is pending. */
class FakeBridge {
  generation = 0;
  spawned: LabApi[] = [];
  #api: LabApi | undefined;
  #pending = new Set<(e: Error) => void>();
  constructor(private readonly make: () => LabApi) {}

  call<R>(fn: (api: Comlink.Remote<LabApi>) => Promise<R>): Promise<R> {
    if (!this.#api) {
      this.#api = this.make();
      this.spawned.push(this.#api);
      this.generation++;
    }
    const api = this.#api as unknown as Comlink.Remote<LabApi>;
    return new Promise<R>((resolve, reject) => {
      this.#pending.add(reject);
      fn(api).then(resolve, reject).finally(() => this.#pending.delete(reject));
    });
  }

  cancel(): void {
    this.#reset(new CancelledError());
  }

  crash(): void {
    this.#reset(new WorkerCrashedError('The model worker crashed (out of memory).'));
  }

  #reset(e: Error): void {
    this.#api = undefined;
    const pending = [...this.#pending];
    this.#pending.clear();
    pending.forEach((fail) => fail(e));
  }
}

const DIGITS: ModelSource = { kind: 'builtin', id: 'digits-cnn' };

/** Each row's last reported result (a row is reported again whenever its evaluation is refined). */
const latest = (results: SweepResult[]) => [...new Map(results.map((r) => [r.id, r])).values()];
const rows = (...ids: string[]) => ids.map((id) => DEFAULT_MATRIX.find((r) => r.id === id)!);

async function collect(runner: SweepRunner, plan: SweepPlan, source = DIGITS) {
  const results: SweepResult[] = [];
  const progress: SweepProgress[] = [];
  const outcome = await runner.run(source, plan, { result: (r) => results.push(r), progress: (p) => progress.push(p) });
  return { outcome, results, progress };
}

describe('sweep runner on the real digits model', () => {
  it('opens once, then compresses, loads, times and evaluates every row', async () => {
    const bridge = new FakeBridge(() => new LabService());
    const runner = new SweepRunner(bridge);
    const plan: SweepPlan = { rows: rows('fp32', 'int8-dynamic', 'prune-structured-50'), choice: { backend: 'wasm', threads: 1 }, runs: 3, evalLimit: 100 };
    const { outcome, results: all, progress } = await collect(runner, plan);
    expect(outcome).toBe('done');
    expect(bridge.spawned).toHaveLength(1);
    const results = latest(all);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    const [fp32, int8, pruned] = withRatios(results);
    expect(int8.size!.raw).toBeLessThan(fp32.size!.raw / 3);
    expect(pruned.size!.raw).toBeLessThan(fp32.size!.raw / 2);
    for (const r of [fp32, int8, pruned]) {
      expect(r).toMatchObject({ backend: 'wasm', threads: 1, latency: { input: { source: 'eval-set', index: 1, dims: [[1, 1, 28, 28]] } }, evaluation: { metric: 'accuracy', n: 100, total: 2000 } });
      expect(r.latency!.n).toBeGreaterThanOrEqual(3); // alternated rows go on until the ratio is known to ±5%
      expect(r.latency!.n).toBeLessThanOrEqual(12);
      expect(r.latency!.settle.runs).toBe(r.latency!.warmup);
      expect(r.latency!.settle.ms).toBeGreaterThanOrEqual(300);
      expect(r.latencyRatio).toBeGreaterThan(0);
    }
    // fp32 is warmed up until settled (at least 2 s) before the first timed run of this worker, and only then.
    expect(fp32.latency!.baseline!.ms).toBeGreaterThanOrEqual(2000);
    expect(int8.latency!.baseline).toBeUndefined();
    expect(fp32.evaluation!.value).toBeGreaterThan(0.9);
    expect(fp32.evaluation!.agreement!.top1Match).toBe(1);
    expect(int8.evaluation!.agreement!.top1Match).toBeGreaterThan(0.9);
    expect(fp32).toMatchObject({ compressMs: 0, warnings: [], layersChanged: 0, sizeRatio: { raw: 1, gzip: 1 }, latencyRatio: 1 });
    // The fp32 row is the ratio's definition; every other row was timed alternating with fp32, and its ratio is that.
    expect(fp32.latency!.vsFp32).toBeUndefined();
    for (const r of [int8, pruned]) {
      const vs = r.latency!.vsFp32!;
      expect(vs.fp32.n).toBe(r.latency!.n);
      expect(r.latencyRatio).toBe(vs.ratio);
      // The ratio is the median over blocks of median(variant block) / median(fp32 block), recomputed here.
      const blockMedian = (xs: number[], k: number) => median(xs.slice(k * vs.block, (k + 1) * vs.block).sort((a, b) => a - b));
      const pairs = Array.from({ length: r.latency!.n / vs.block }, (_, k) => blockMedian(r.latency!.times!, k) / blockMedian(vs.fp32.times!, k));
      expect(vs.ratio).toBe(median(pairs.sort((a, b) => a - b)));
      expect(r.latencyRatioCi).toEqual(vs.ci);
      expect(vs.ci.low).toBeLessThanOrEqual(vs.ratio);
      expect(vs.ci.high).toBeGreaterThanOrEqual(vs.ratio);
    }
    expect(int8.layersChanged).toBeGreaterThan(0);
    // Progress walks through the rows in order, each from compress to accuracy.
    expect(progress[0]).toMatchObject({ index: 0, total: 3, phase: 'open' });
    expect(progress.filter((p) => p.phase !== 'refine').at(-1)).toMatchObject({ index: 2, phase: 'accuracy', fraction: 1 });
    const overall = progress.map((p) => p.index + p.fraction);
    expect(overall.every((v, i) => i === 0 || v >= overall[i - 1])).toBe(true);

    // A second sweep on the same worker and thread count does not reopen the model.
    await collect(runner, { ...plan, rows: rows('fp32') });
    expect(bridge.spawned).toHaveLength(1);
  });
});

/** A scripted LabApi: every call succeeds quickly unless the test overrides it. */
function fakeApi(overrides: Partial<Record<keyof LabApi, (...args: never[]) => Promise<unknown>>> = {}): LabApi {
  const size = (raw: number) => ({ raw, gzip: raw / 2 });
  const base = {
    capabilities: async () => ({ crossOriginIsolated: true, cores: 4, webgpu: { backend: 'webgpu', available: false } }),
    open: async () => ({ name: 'fake', summary: {}, bytes: 1000, evalSamples: 10 }),
    compress: async (recipe: { transform: string }[]) => ({ before: size(1000), after: size(recipe.length ? 250 : 1000), steps: [], recipe, summary: {} }),
    load: async (o: { backend: string; threads?: number }) => ({ backend: o.backend, threads: o.threads ?? 4, inputNames: [], outputNames: [], loadMs: 1, bytes: 1 }),
    predict: async () => ({ prediction: { label: '1' }, ms: 1 }),
    benchmark: async () => ({ n: 1, warmup: 0, medianMs: 1, p95Ms: 1, minMs: 1, maxMs: 1, meanMs: 1 }),
    latency: async (o: { runs: number }) => ({
      n: o.runs, warmup: 2, medianMs: 1, p95Ms: 1, minMs: 1, maxMs: 1, meanMs: 1, input: { source: 'eval-set', index: 1, dims: [[1]] },
      settle: { runs: 2, ms: 1, settled: true, lastMs: 1 }, backend: 'wasm', threads: 4,
    }),
    // A 10-sample set, one stratum: the quick chunk evaluates 4 samples, later chunks 3 each; sample k is right when k is odd.
    evaluateChunk: async (r: { from: number; quick?: boolean; end?: number }) => {
      const end = Math.min(10, r.end ?? 10), to = Math.min(end, r.from + (r.quick ? 4 : 3));
      const outcomes = Array.from({ length: to - r.from }, (_, i) => ({ sample: r.from + i, value: (r.from + i) % 2, size: 1 }));
      return { plan: { metric: 'accuracy', total: 10, stratumOf: Array(10).fill(0), sizes: [10], stratifiedBy: 'label' }, outcomes, next: to, ms: 1 };
    },
    variantBytes: async () => new Uint8Array([1, 2, 3]),
    adoptVariant: async (_bytes: Uint8Array, report: unknown) => report,
    sizes: async () => ({ before: size(1000), after: size(250) }),
  };
  return { ...base, ...overrides } as unknown as LabApi;
}

const PLAN: SweepPlan = { rows: rows('fp32', 'fp16', 'int8-dynamic'), choice: { backend: 'wasm' }, runs: 1 };

describe('sweep runner, two passes', () => {
  it('gives every row a quick figure first, then refines each in turn; a stop there keeps honest partial figures', async () => {
    let runner!: SweepRunner;
    let chunks = 0;
    const adopted: number[][] = [];
    const bridge = new FakeBridge(() => fakeApi({
      evaluateChunk: async (r: { from: number; quick?: boolean }) => {
        if (++chunks === 5) {
          queueMicrotask(() => runner.cancel());
          return new Promise(() => {});
        }
        return fakeApi().evaluateChunk(r as never);
      },
      adoptVariant: async (bytes: Uint8Array, report: unknown) => (adopted.push([...bytes]), report),
    }));
    runner = new SweepRunner(bridge);
    const events: SweepResult[] = [];
    const outcome = await runner.run(DIGITS, PLAN, { result: (r) => events.push(r) });
    expect(outcome).toBe('cancelled');
    // Chunks 1-3: each row's quick 4 samples; chunk 4: fp32 refined to 7 with its kept bytes; chunk 5: stopped.
    expect(events.map((r) => [r.id, r.evaluation!.n, r.evaluation!.total])).toEqual([['fp32', 4, 10], ['fp16', 4, 10], ['int8-dynamic', 4, 10], ['fp32', 7, 10]]);
    expect(adopted).toEqual([[1, 2, 3]]);
    // Samples 0..6, the odd ones right: 3 of 7, with the Wilson interval for n = 7 (one stratum, weight 1).
    const last = events.at(-1)!.evaluation!;
    expect(last.value).toBeCloseTo(3 / 7, 12);
    expect(last.ci95.low).toBeCloseTo(0.1582, 3);
    expect(last.ci95.high).toBeCloseTo(0.7495, 3);
  });

  it('times the fp32 noise-check row against fp32, alternating, but does not evaluate it', async () => {
    const evaluated: number[] = [];
    const asked: { runs: number; vsFp32?: boolean }[] = [];
    const vsFp32 = { ratio: 1.04, ci: { low: 0.97, high: 1.1 }, fp32: { n: 2, warmup: 0, medianMs: 1, p95Ms: 1, minMs: 1, maxMs: 1, meanMs: 1 }, block: 1 };
    const bridge = new FakeBridge(() => fakeApi({
      evaluateChunk: async (r: { from: number }) => (evaluated.push(r.from), fakeApi().evaluateChunk(r as never)),
      latency: async (o: { runs: number; vsFp32?: boolean }) => (asked.push(o), { ...(await fakeApi().latency(o as never) as object), ...(o.vsFp32 ? { vsFp32 } : {}) }),
    }));
    const { results } = await collect(new SweepRunner(bridge), { ...PLAN, rows: rows('fp32', 'fp32-again') });
    const [fp32, again] = withRatios(latest(results));
    // One timed run asked for becomes two: a ratio of alternated runs needs at least two per side.
    expect(asked).toEqual([{ runs: 2, vsFp32: false }, { runs: 2, vsFp32: true }]);
    expect(again).toMatchObject({ id: 'fp32-again', latency: { n: 2 }, latencyRatio: 1.04, latencyRatioCi: { low: 0.97, high: 1.1 } });
    expect(fp32.latencyRatio).toBe(1);
    expect(again.evaluation).toBeUndefined();
    expect(fp32.evaluation!.n).toBe(10);
    expect(evaluated).toEqual([0, 4, 7]); // fp32's chunks only
  });
});

describe('sweep runner when things go wrong', () => {
  it('records a failed row and carries on with the next', async () => {
    const bridge = new FakeBridge(() => fakeApi({
      compress: async (recipe: { transform: string }[]) => {
        if (recipe[0]?.transform === 'fp16') throw new Error('fp16: this model has no float weights.');
        return fakeApi().compress(recipe as never);
      },
    }));
    const { outcome, results } = await collect(new SweepRunner(bridge), PLAN);
    expect(outcome).toBe('done');
    expect(latest(results).map((r) => [r.id, r.error])).toEqual([['fp32', undefined], ['fp16', 'fp16: this model has no float weights.'], ['int8-dynamic', undefined]]);
    expect(latest(results)[1].size).toBeUndefined();
  });

  it('after a worker crash, opens the model again in the fresh worker for the next row', async () => {
    let bridge!: FakeBridge;
    let timings = 0;
    bridge = new FakeBridge(() => fakeApi({
      latency: async (o: { runs: number }) => {
        if (++timings === 2) { // crash while timing the second row
          bridge.crash();
          return new Promise(() => {});
        }
        return fakeApi().latency(o as never);
      },
    }));
    const opens: number[] = [];
    const runner = new SweepRunner(bridge);
    const results: SweepResult[] = [];
    await runner.run(DIGITS, PLAN, { result: (r) => results.push(r), opened: () => opens.push(bridge.generation) });
    expect(latest(results).map((r) => r.error)).toEqual([undefined, 'The model worker crashed (out of memory).', undefined]);
    // The second pass (refining fp32 and int8) reuses the fresh worker: no third open.
    expect(opens).toEqual([1, 2]);
    expect(latest(results).map((r) => r.evaluation?.n)).toEqual([10, undefined, 10]);
  });

  it('stops on cancel, keeping the rows measured so far, ignoring late progress, and starts clean next time', async () => {
    let runner!: SweepRunner;
    let lateProgress: ((done: number, total: number) => void) | undefined;
    const bridge = new FakeBridge(() => fakeApi({
      evaluateChunk: async (r: { from: number; quick?: boolean }, onProgress: (done: number, total: number) => void) => {
        if (bridge.spawned.length === 1 && results.length === 1) {
          lateProgress = onProgress;
          queueMicrotask(() => runner.cancel());
          return new Promise(() => {});
        }
        return fakeApi().evaluateChunk(r as never);
      },
    }));
    const results: SweepResult[] = [];
    const progress: SweepProgress[] = [];
    runner = new SweepRunner(bridge);
    const outcome = await runner.run(DIGITS, PLAN, { result: (r) => results.push(r), progress: (p) => progress.push(p) });
    expect(outcome).toBe('cancelled');
    expect(results.map((r) => r.id)).toEqual(['fp32']);
    // A progress message the worker posted before it was terminated arrives now: it must not revive the bar.
    const seen = progress.length;
    lateProgress!(5, 10);
    expect(progress).toHaveLength(seen);
    const again = await collect(runner, PLAN);
    expect(again.outcome).toBe('done');
    expect(latest(again.results)).toHaveLength(3);
    expect(bridge.spawned).toHaveLength(2);
  });

  it('starts a fresh worker when the WASM thread count changes, since ORT fixes it at start', async () => {
    const loads: { threads?: number }[][] = [];
    const bridge = new FakeBridge(() => {
      const mine: { threads?: number }[] = [];
      loads.push(mine);
      return fakeApi({ load: async (o: { backend: string; threads?: number }) => (mine.push(o), fakeApi().load(o as never)) });
    });
    const runner = new SweepRunner(bridge);
    await collect(runner, { ...PLAN, rows: rows('fp32'), choice: { backend: 'wasm', threads: 1 } });
    await collect(runner, { ...PLAN, rows: rows('fp32'), choice: { backend: 'wasm', threads: 1 } });
    expect(bridge.spawned).toHaveLength(1);
    await collect(runner, { ...PLAN, rows: rows('fp32'), choice: { backend: 'wasm', threads: 4 } });
    expect(bridge.spawned).toHaveLength(2);
    // Each worker's first load pins the thread count before any compression can start ORT.
    expect(loads.map((l) => l[0].threads)).toEqual([1, 4]);
  });

  it('rejects once, with the reason, when the model cannot be opened at all', async () => {
    const bridge = new FakeBridge(() => fakeApi({ open: async () => { throw new Error('Could not fetch the model (404 Not Found).'); } }));
    const results: SweepResult[] = [];
    await expect(new SweepRunner(bridge).run(DIGITS, PLAN, { result: (r) => results.push(r) })).rejects.toThrow(/404 Not Found/);
    expect(results).toEqual([]);
  });
});
