// Native reference: the same model files (fp32 and the browser's exported variants) on onnxruntime-node's CPU EP,
// with the same thread counts, input (the first eval sample, through the app's adapter), warm-up until the times
// settle and at least as many runs as the browser (more for fast models), so "ORT-web WASM / native" compares
// runtimes, not models. Also fp32 in a 1-thread and a 2-thread session timed in alternating blocks (as the
// browser's like-for-like task) and the single-thread GEMM (src/bench/gemm.ts) for GFLOP/s.
// onnxruntime-node is optional and not in package.json: when it is missing the report says how to install it and
// these columns are skipped. Run as a child process by run.ts: tsx scripts/bench/native.ts --job job.json --out native.json
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeModel } from '../../src/engine/onnx';
import { summarizeModel } from '../../src/engine/model-info';
import { sha256Hex } from '../../src/engine/size';
import { syntheticFeeds } from '../../src/engine/synthetic-inputs';
import type { Feeds } from '../../src/engine/tensor-data';
import { gemmModel, gflops, type GemmShape } from '../../src/bench/gemm';
import type { SettleSpec } from '../../src/bench/protocol';
import { summarize, warmUntilSettled } from '../../src/runtime/stats';
import { findNodeModel, loadNodeModel } from './node-models';
import type { NativeGemm, NativeReport, NativeResult, NativeThreads } from './types';

export const NATIVE_VERSION = '1.30.0';
export const NATIVE_INSTALL = `ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save onnxruntime-node@${NATIVE_VERSION}`;

export interface NativeJob {
  threads: number[];
  settle: SettleSpec;
  /** runs: per thread count, the timed runs the browser worker with that many threads used. */
  models: { id: string; runs: Record<string, number>; variants: { recipe: string; path: string }[] }[];
  /** fp32 of these models in one session per thread count, timed in alternating blocks of `block` runs. */
  threadsRuns?: { id: string; path: string; runs: number; block: number }[];
  gemm?: { shape: GemmShape; runs: number };
}

/** The slice of onnxruntime-node's API used here (typed locally: the package is optional). */
interface OrtNode {
  env: { versions?: Record<string, string> };
  Tensor: new (type: string, data: unknown, dims: readonly number[]) => unknown;
  InferenceSession: {
    create(bytes: Uint8Array, options: Record<string, unknown>): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>; release(): Promise<void> }>;
  };
}

export async function loadOrtNode(): Promise<{ ort?: OrtNode; version?: string; hint?: string }> {
  const name = 'onnxruntime-node';
  try {
    const mod = (await import(name)) as OrtNode & { default?: OrtNode };
    const ort = mod.InferenceSession ? mod : mod.default!;
    const version = ort.env.versions?.node;
    const hint = version === NATIVE_VERSION ? undefined : `onnxruntime-node ${version} is installed; the bench compares with ${NATIVE_VERSION} (ORT-web's version): ${NATIVE_INSTALL}`;
    return { ort, version, hint };
  } catch (e) {
    return { hint: `onnxruntime-node is not installed (${(e as Error).message.split('\n')[0]}). Install it, without touching package.json, with: ${NATIVE_INSTALL} (or npm run bench:native-setup)` };
  }
}

/** A session and a timed loop over it: `loop(n)` runs n times, reading every output back as the browser does. */
async function openTimed(ort: OrtNode, bytes: Uint8Array, feeds: Feeds, threads: number) {
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential',
  });
  const loadMs = performance.now() - t0;
  const input = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.type, t.data, t.dims)]));
  const loop = async (n: number) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      Object.values(await session.run(input)).forEach((o) => void o.data);
      times.push(performance.now() - s);
    }
    return times;
  };
  const settle = async (spec: SettleSpec) => {
    let runs = 0;
    const r = await warmUntilSettled(async (n) => {
      runs += n;
      return summarize(await loop(n), 0).medianMs;
    }, spec);
    return { ...r, runs };
  };
  return { loadMs, loop, settle, release: () => session.release() };
}

const round = (xs: number[]) => xs.map((x) => Math.round(x * 1e4) / 1e4);

async function bench(ort: OrtNode, bytes: Uint8Array, feeds: Feeds, threads: number, settleSpec: SettleSpec, runs: number) {
  const s = await openTimed(ort, bytes, feeds, threads);
  try {
    const settle = await s.settle(settleSpec);
    // At least the browser's run count, and enough runs to cover ~1 s (at most 500) so one hiccup cannot move the median.
    const last = settle.rounds[settle.rounds.length - 1];
    const times = await s.loop(Math.max(runs, Math.min(500, Math.ceil(1000 / Math.max(last, 1e-3)))));
    return { latency: summarize(times, settle.runs), loadMs: s.loadMs, settle, times: round(times) };
  } finally {
    await s.release();
  }
}

/** fp32 in one session per thread count, settled, then alternating blocks (1, 2, 2, 1, ...): both see the same load. */
async function benchThreads(ort: OrtNode, job: NonNullable<NativeJob['threadsRuns']>[number], threads: number[], spec: SettleSpec): Promise<NativeThreads> {
  const { adapter, samples } = loadNodeModel(findNodeModel(job.id)!);
  const bytes = new Uint8Array(readFileSync(job.path));
  const sessions = [];
  for (const t of threads) sessions.push(await openTimed(ort, bytes, adapter.toFeeds([samples[0].input]), t));
  try {
    const settles: NativeThreads['workers'][number]['settle'][] = [];
    for (const s of sessions) settles.push(await s.settle(spec));
    const times: number[][] = sessions.map(() => []);
    for (let r = 0; times[0].length < job.runs; r++) {
      const order = r % 2 === 0 ? sessions.map((_, i) => i) : sessions.map((_, i) => sessions.length - 1 - i);
      for (const i of order) times[i].push(...(await sessions[i].loop(job.block)));
    }
    return { model: job.id, block: job.block, workers: threads.map((t, i) => ({ threads: t, settle: settles[i], times: round(times[i]), loopMedianMs: summarize(times[i], 0).medianMs })) };
  } finally {
    for (const s of sessions) await s.release();
  }
}

async function benchGemm(ort: OrtNode, job: NonNullable<NativeJob['gemm']>, spec: SettleSpec): Promise<NativeGemm> {
  const bytes = gemmModel(job.shape);
  // The same synthetic input the browser's upload path makes (seed 1).
  const s = await openTimed(ort, bytes, syntheticFeeds(summarizeModel(decodeModel(bytes)).inputs, 1), 1);
  try {
    const settle = await s.settle(spec);
    const times = await s.loop(job.runs);
    const medianMs = summarize(times, 0).medianMs;
    return { shape: job.shape, threads: 1, settle, times: round(times), medianMs, gflops: gflops(job.shape, medianMs) };
  } finally {
    await s.release();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const job = JSON.parse(readFileSync(args[args.indexOf('--job') + 1], 'utf8')) as NativeJob;
  const out = args[args.indexOf('--out') + 1];
  const { ort, version, hint } = await loadOrtNode();
  const report: NativeReport = { available: !!ort, version, hint, results: [] };
  if (ort) {
    for (const m of job.models) {
      const nodeModel = findNodeModel(m.id);
      if (!nodeModel) {
        report.results.push({ model: m.id, recipe: '*', threads: 0, error: 'no Node entry for this model in scripts/bench/node-models.ts' });
        continue;
      }
      const { adapter, samples } = loadNodeModel(nodeModel);
      const feeds = adapter.toFeeds([samples[0].input]);
      for (const v of m.variants) {
        const bytes = new Uint8Array(readFileSync(v.path));
        const sha256 = await sha256Hex(bytes);
        for (const threads of job.threads) {
          const r: NativeResult = { model: m.id, recipe: v.recipe, threads, sha256 };
          try {
            Object.assign(r, await bench(ort, bytes, feeds, threads, job.settle, m.runs[String(threads)] ?? Math.max(...Object.values(m.runs))));
            console.log(`[native] ${m.id} ${v.recipe} x${threads}: median ${r.latency!.medianMs.toFixed(2)} ms`);
          } catch (e) {
            r.error = (e as Error).message;
            console.log(`[native] ${m.id} ${v.recipe} x${threads}: failed: ${r.error}`);
          }
          report.results.push(r);
        }
      }
    }
    for (const t of job.threadsRuns ?? []) {
      try {
        const r = await benchThreads(ort, t, job.threads, job.settle);
        (report.threads ??= []).push(r);
        console.log(`[native] ${t.id} like-for-like: ${r.workers.map((w) => `${w.threads} thread(s) ${w.loopMedianMs.toFixed(3)} ms`).join(', ')}`);
      } catch (e) {
        (report.threads ??= []).push({ model: t.id, block: t.block, workers: [], error: (e as Error).message });
      }
    }
    if (job.gemm) {
      try {
        report.gemm = await benchGemm(ort, job.gemm, job.settle);
        console.log(`[native] GEMM fp32, 1 thread: ${report.gemm.medianMs!.toFixed(1)} ms = ${report.gemm.gflops!.toFixed(1)} GFLOP/s`);
      } catch (e) {
        report.gemm = { shape: job.gemm.shape, threads: 1, times: [], error: (e as Error).message };
      }
    }
  } else {
    console.log(`[native] skipped: ${hint}`);
  }
  writeFileSync(out, JSON.stringify(report, null, 1));
}

if (process.argv[1]?.endsWith('native.ts')) {
  main().then(() => process.exit(0), (e) => {
    console.error(e);
    process.exit(1);
  });
}
