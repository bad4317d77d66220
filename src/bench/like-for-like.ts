// Timings made like native's: runs in a loop inside the worker (one message, N runs), after warm-up until the
// times settle. ThreadsTask: fp32 in a 1-thread and a 2-thread worker side by side (ORT fixes a worker's thread
// count), timed in alternating blocks so both see the same machine load. GemmTask: the compute-bound MatMul on
// one thread, for GFLOP/s.
import { gemmModel, gflops } from './gemm';
import { BenchPane } from './pane';
import type { GemmResult, GemmTask, ThreadsResult, ThreadsTask, ThreadsWorkerResult } from './protocol';
import { summarize } from '../runtime/stats';
import type { ModelInfo } from '../workers/model-api';

export async function runThreads(task: ThreadsTask): Promise<ThreadsResult> {
  const t0 = performance.now();
  const panes = task.threads.map((t) => new BenchPane({ kind: 'builtin', id: task.model }, 'wasm', t));
  const result: ThreadsResult = { model: task.model, block: task.block, workers: [], ms: 0 };
  try {
    const infos: ModelInfo[] = [];
    for (const p of panes) infos.push((await p.compressAndLoad([])).info);
    const settles: ThreadsWorkerResult['settle'][] = [];
    for (const p of panes) settles.push(await p.settle(task.settle));
    const times: number[][] = panes.map(() => []);
    // ABBA over the workers: being first or second in a round cancels out.
    for (let round = 0; times[0].length < task.runs; round++) {
      const order = round % 2 === 0 ? panes.map((_, i) => i) : panes.map((_, i) => panes.length - 1 - i);
      for (const i of order) times[i].push(...(await panes[i].loop(task.block)));
    }
    result.workers = panes.map((_, i): ThreadsWorkerResult => ({
      threadsRequested: task.threads[i], threads: infos[i].threads ?? 1, settle: settles[i],
      times: times[i].map((x) => Math.round(x * 1e4) / 1e4), loopMedianMs: summarize(times[i], 0).medianMs,
    }));
    console.log(`[bench] ${task.model} like-for-like: ${result.workers.map((w) => `${w.threads} thread(s) ${w.loopMedianMs.toFixed(3)} ms`).join(', ')} (in-worker loop, interleaved blocks of ${task.block})`);
  } catch (e) {
    result.error = (e as Error).message || String(e);
  } finally {
    panes.forEach((p) => p.dispose());
  }
  result.ms = performance.now() - t0;
  return result;
}

export async function runGemm(task: GemmTask): Promise<GemmResult> {
  const pane = new BenchPane({ kind: 'upload', name: 'gemm.onnx', bytes: gemmModel(task.shape) }, 'wasm', 1);
  const result: GemmResult = { shape: task.shape, threads: 1, times: [] };
  try {
    const { info } = await pane.compressAndLoad([]);
    result.threads = info.threads ?? 1;
    result.settle = await pane.settle(task.settle);
    result.times = (await pane.loop(task.runs)).map((x) => Math.round(x * 1e4) / 1e4);
    result.medianMs = summarize(result.times, 0).medianMs;
    result.gflops = gflops(task.shape, result.medianMs);
    console.log(`[bench] GEMM ${task.shape.m}×${task.shape.k}×${task.shape.n} fp32, WASM ${result.threads} thread: ${result.medianMs.toFixed(1)} ms = ${result.gflops.toFixed(1)} GFLOP/s`);
  } catch (e) {
    result.error = (e as Error).message || String(e);
  } finally {
    pane.dispose();
  }
  return result;
}
