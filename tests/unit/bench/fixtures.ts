// Small hand-made bench results for the report/target tests (numbers chosen so the expected ratios are obvious).
import type { RecipeRun } from '../../../src/bench/protocol';
import type { LatencyStats } from '../../../src/runtime/stats';
import type { BackendConfig, BrowserRun } from '../../../scripts/bench/types';

export const BACKENDS: BackendConfig[] = [
  { key: 'wasm-1', label: 'WASM 1 thread', backend: 'wasm', threads: 1, quotable: true },
  { key: 'wasm-2', label: 'WASM 2 threads', backend: 'wasm', threads: 2, quotable: true },
];

export const stats = (medianMs: number, p95Ms = medianMs * 1.5): LatencyStats => ({ n: 30, warmup: 5, medianMs, p95Ms, minMs: medianMs, maxMs: p95Ms, meanMs: medianMs });

/** A recipe's run whose interleaved fp32 runs had median `fp32Ms`. */
export function recipeRun(name: string, raw: number, medianMs: number, fp32Ms: number, extra: Partial<RecipeRun> = {}): RecipeRun {
  return {
    name, before: { raw: 1000, gzip: 900 }, after: { raw, gzip: raw * 0.9 }, sha256: `hash-${name}`,
    latency: stats(medianMs), reference: stats(fp32Ms), ratio: medianMs / fp32Ms,
    steps: name === 'fp32' ? [] : [{ transform: 'int8-dynamic', options: {}, ms: 1, layersChanged: 2, layers: 3, weightBytes: 600, warnings: [] }],
    ...extra,
  };
}

export function browserRun(model: string, backendKey: string, recipes: RecipeRun[]): BrowserRun {
  return { model, backend: 'wasm', backendKey, threadsRequested: Number(backendKey.slice(-1)), threads: Number(backendKey.slice(-1)), runs: 30, block: 1, recipes, ms: 1 };
}
