// Native reference: the same model files (fp32 and the browser's exported variants) on onnxruntime-node's CPU EP,
// with the same thread counts, input (the first eval sample, through the app's adapter), warm-up and runs as the
// browser (more runs for fast models), so "ORT-web WASM / native" compares runtimes, not models. onnxruntime-node is optional and not in
// package.json: when it is missing the report says how to install it and this column is skipped.
// Run as a child process by run.ts: tsx scripts/bench/native.ts --job job.json --out native.json
import { readFileSync, writeFileSync } from 'node:fs';
import { sha256Hex } from '../../src/engine/size';
import type { Feeds } from '../../src/engine/tensor-data';
import { summarize } from '../../src/runtime/stats';
import { findNodeModel, loadNodeModel } from './node-models';
import type { NativeReport, NativeResult } from './types';

export const NATIVE_VERSION = '1.30.0';
export const NATIVE_INSTALL = `ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save onnxruntime-node@${NATIVE_VERSION}`;

export interface NativeJob {
  threads: number[];
  /** runs: per thread count, the timed runs the browser worker with that many threads used. */
  models: { id: string; warmup: number; runs: Record<string, number>; variants: { recipe: string; path: string }[] }[];
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

async function bench(ort: OrtNode, bytes: Uint8Array, feeds: Feeds, threads: number, warmup: number, runs: number) {
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential',
  });
  const loadMs = performance.now() - t0;
  const input = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.type, t.data, t.dims)]));
  // Read every output back, as the browser benchmark does (getData).
  const once = async () => Object.values(await session.run(input)).forEach((o) => void o.data);
  try {
    for (let i = 0; i < warmup; i++) await once();
    // At least the browser's run count, and enough runs to cover ~1 s (at most 500) so one hiccup cannot move the median.
    const s0 = performance.now();
    await once();
    const n = Math.max(runs, Math.min(500, Math.ceil(1000 / Math.max(performance.now() - s0, 1e-3))));
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await once();
      times.push(performance.now() - s);
    }
    return { latency: summarize(times, warmup), loadMs };
  } finally {
    await session.release();
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
            Object.assign(r, await bench(ort, bytes, feeds, threads, m.warmup, m.runs[String(threads)] ?? Math.max(...Object.values(m.runs))));
            console.log(`[native] ${m.id} ${v.recipe} x${threads}: median ${r.latency!.medianMs.toFixed(2)} ms`);
          } catch (e) {
            r.error = (e as Error).message;
            console.log(`[native] ${m.id} ${v.recipe} x${threads}: failed: ${r.error}`);
          }
          report.results.push(r);
        }
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
