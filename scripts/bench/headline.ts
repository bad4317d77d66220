// The benchmark headline in a paragraph, generated from results.json (RESULTS.md prints it and the README quotes
// it between markers, see readme.ts): sizes and WASM latency of int8 dynamic next to int8 QDQ with their 95%
// intervals, web vs native like for like, the GEMM GFLOP/s behind it, and cold start. Nothing typed in.
import { ratio } from './report';
import type { BenchResults, LatencyCell, ModelTable } from './types';

/** "0.26–0.28×", or "0.27×" when both ends print the same. */
const range = (xs: number[], digits = 2, unit = '×') => {
  if (!xs.length) return '–';
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)].map((x) => x.toFixed(digits));
  return lo === hi ? `${lo}${unit}` : `${lo}–${hi}${unit}`;
};

const short = (t: ModelTable) => t.title.replace(/\s*\(.*\)$/, '');

/** "digits 1.21× [1.18–1.25], …" for one recipe on one backend; ≈ when inside the fp32-vs-fp32 noise. */
function latencyList(tables: ModelTable[], recipe: string, backend: string): string {
  return tables.flatMap((t) => {
    const c: LatencyCell | undefined = t.rows.find((r) => r.recipe === recipe)?.latency[backend];
    if (c?.ratio === undefined) return [];
    const ci = c.ratioCi95 ? ` [${c.ratioCi95[0].toFixed(2)}–${c.ratioCi95[1].toFixed(2)}]` : '';
    return [`${short(t)} ${ratio(c.ratio)}${ci}${c.withinNoise ? ' ≈' : ''}`];
  }).join(', ');
}

export function headline(r: BenchResults): string {
  const m = r.machine;
  const tables = r.tables;
  const size = (recipe: string) => tables.flatMap((t) => t.rows.filter((x) => x.recipe === recipe && x.rawRatio !== undefined).map((x) => x.rawRatio!));
  const backend = r.settings.backends.find((b) => b.key === 'wasm-1') ?? r.settings.backends[0];
  const out: string[] = [];
  out.push(`Headlines from the run of ${r.date.slice(0, 10)} (${m.cpuModel}, ${m.cores} logical CPUs, ${m.chromium.split(' built')[0]}, onnxruntime-web ${m.ortWeb}):`);
  const sizes = [['int8 dynamic', size('int8-dynamic')], ['int8 QDQ', size('int8-qdq')]] as const;
  const shrinks = sizes.filter(([, xs]) => xs.length).map(([name, xs], i) => `${name}${i ? '' : ' shrinks the models'} to ${range(xs)}`);
  if (shrinks.length) out.push(`${shrinks.join(' and ')} of their fp32 size (raw bytes).`);
  const speeds = backend ? [['int8 dynamic', 'int8-dynamic'], ['int8 QDQ', 'int8-qdq']].map(([name, key]) => [name, latencyList(tables, key, backend.key)]).filter(([, list]) => list) : [];
  if (speeds.length) {
    out.push(`On ${backend!.label} (median latency over fp32 timed alongside, 95% interval; ≈: inside the fp32-vs-fp32 noise), ${speeds.map(([name, list]) => `${name} runs at ${list}`).join('; ')}.`);
  }
  const lfl = (r.likeForLike ?? []).flatMap((x) => x.rows.filter((row) => row.ratio !== undefined).map((row) => row.ratio!));
  if (lfl.length) out.push(`ORT-web WASM runs ${range(lfl)} slower than native onnxruntime-node on fp32, both timed in a loop inside their worker or process.`);
  const g = r.gemm;
  if (g?.web?.gflops && g.native?.gflops) {
    out.push(`On a compute-bound ${g.shape.m}×${g.shape.k}×${g.shape.n} fp32 GEMM, one WASM thread reaches ${g.web.gflops.toFixed(0)} GFLOP/s and one native thread ${g.native.gflops.toFixed(0)} (${ratio(g.nativeOverWeb)}): WASM SIMD is 128-bit without fused multiply-add, native kernels use AVX2/AVX-512 FMA.`);
  }
  const cold = r.cold.filter((c) => c.ok && c.firstResultMs !== undefined).map((c) => c.firstResultMs! / 1000);
  if (cold.length) out.push(`First inference after a cold load takes ${range(cold, 1, ' s')}.`);
  return out.join(' ');
}
