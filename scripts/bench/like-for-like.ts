// Web vs native like for like: the browser's fp32 timed as native is (a loop inside the worker, one message for N
// runs), its 1- and 2-thread workers interleaved block by block, as native's 1- and 2-thread sessions are; and the
// single-thread GEMM in both runtimes for GFLOP/s. Drives bench.html (ThreadsTask, GemmTask) and turns both
// runtimes' raw times into ratios with bootstrap intervals.
import type { BrowserContext } from 'playwright-core';
import { GEMM_SHAPE } from '../../src/bench/gemm';
import type { GemmResult, SettleSpec, ThreadsResult, ThreadsTask } from '../../src/bench/protocol';
import { openBenchPage } from './browser-runs';
import { ci95 } from './report';
import type { GemmComparison, LikeForLike, NativeReport } from './types';

export const THREADS = [1, 2];

async function onPage<T>(context: BrowserContext, url: string, task: unknown): Promise<T> {
  const page = await openBenchPage(context, url);
  try {
    return (await page.evaluate((t) => window.modellabBench(t as never), task)) as T;
  } finally {
    await page.close();
  }
}

/** `runs` per worker in blocks of about 25 ms (at least 6 rounds, so the ABBA order can cancel its own effect). */
export function threadsTask(model: string, runs: number, fp32Ms: number, settle: SettleSpec): ThreadsTask {
  const block = Math.max(1, Math.min(Math.ceil(runs / 6), Math.ceil(25 / Math.max(fp32Ms, 1e-3))));
  return { task: 'threads', model, threads: THREADS, runs, block, settle };
}

export const runThreadsTask = (context: BrowserContext, url: string, task: ThreadsTask) => onPage<ThreadsResult>(context, url, task);

export const runGemmTask = (context: BrowserContext, url: string, runs: number, settle: SettleSpec) =>
  onPage<GemmResult>(context, url, { task: 'gemm', shape: GEMM_SHAPE, runs, settle });

/** Per model and thread count: web loop / native loop; per runtime: the 2-thread speed-up (1-thread / 2-thread). */
export function buildLikeForLike(web: ThreadsResult[], native: NativeReport): LikeForLike[] {
  return web.map((w): LikeForLike => {
    const n = native.threads?.find((x) => x.model === w.model && !x.error);
    const byThreads = (t: number) => ({ web: w.workers.find((x) => x.threadsRequested === t), native: n?.workers.find((x) => x.threads === t) });
    const rows = THREADS.map((t) => {
      const { web: a, native: b } = byThreads(t);
      return { threads: t, webMs: a?.loopMedianMs, nativeMs: b?.loopMedianMs, ratio: a && b ? a.loopMedianMs / b.loopMedianMs : undefined, ratioCi95: a && b ? ci95(a.times, b.times) : undefined };
    });
    const speedup = (one?: { times: number[]; loopMedianMs: number }, two?: { times: number[]; loopMedianMs: number }) =>
      one && two ? { ratio: one.loopMedianMs / two.loopMedianMs, ci95: ci95(one.times, two.times) } : undefined;
    const [w1, w2] = [byThreads(1), byThreads(2)];
    return { model: w.model, rows, speedup: { web: speedup(w1.web, w2.web), native: speedup(w1.native, w2.native) }, error: w.error ?? native.threads?.find((x) => x.model === w.model)?.error };
  });
}

export function buildGemm(web: GemmResult | undefined, native: NativeReport): GemmComparison {
  const n = native.gemm;
  return { shape: web?.shape ?? n?.shape ?? GEMM_SHAPE, web, native: n, nativeOverWeb: web?.gflops && n?.gflops ? n.gflops / web.gflops : undefined };
}
