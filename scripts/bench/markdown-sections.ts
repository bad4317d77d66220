// RESULTS.md sections for web vs native like for like and the GEMM GFLOP/s (see like-for-like.ts).
import { instructionSetNote } from './targets';
import { markdownTable, ms, ratioWithCi } from './report';
import type { BenchResults } from './types';

export function likeForLikeSection(r: BenchResults): string[] {
  const rows = r.likeForLike ?? [];
  if (!rows.length) return [];
  const body = rows.flatMap((x) => x.rows.map((row) => [
    x.model, String(row.threads), row.webMs === undefined ? '–' : ms(row.webMs), row.nativeMs === undefined ? '–' : ms(row.nativeMs), ratioWithCi(row.ratio, row.ratioCi95),
    row.threads === 1 ? '' : `web ${x.speedup.web ? ratioWithCi(x.speedup.web.ratio, x.speedup.web.ci95) : '–'}, native ${x.speedup.native ? ratioWithCi(x.speedup.native.ratio, x.speedup.native.ci95) : '–'}`,
  ]));
  return [
    '## Web vs native, like for like (fp32)', '',
    'Both runtimes timed the same way: a loop of runs inside the worker (browser: one message, N runs) or the process (onnxruntime-node), after warm-up until the times settled; within each runtime the 1-thread and 2-thread workers (sessions) ran side by side, in alternating blocks, so both thread counts saw the same machine load. Browser and native ran one after the other. Intervals: bootstrap 95%.', '',
    markdownTable(['model', 'threads', 'web loop med ms', 'native med ms', 'web / native [95% CI]', '2-thread speed-up (1 thread / 2 threads)'], body),
    '', ...rows.filter((x) => x.error).map((x) => `- ${x.model}: ${x.error}`), '',
  ];
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function gemmSection(r: BenchResults): string[] {
  const g = r.gemm;
  if (!g) return [];
  const cell = (x: { medianMs?: number; gflops?: number; error?: string } | undefined) => (x?.gflops ? [`${ms(x.medianMs!)} ms`, x.gflops.toFixed(1)] : [x?.error ? `failed: ${x.error}` : 'not measured', '–']);
  return [
    `## Why the browser is slower: single-thread fp32 GEMM (${g.shape.m}×${g.shape.k}×${g.shape.n})`, '',
    `One MatMul (src/bench/gemm.ts), compute-bound (2·M·N·K = ${(2 * g.shape.m * g.shape.n * g.shape.k / 1e9).toFixed(2)} GFLOP a run), one thread, timed in a loop after warm-up until settled; GFLOP/s = 2·M·N·K / median time.`, '',
    markdownTable(['runtime', 'median', 'GFLOP/s'], [['ORT-web WASM, 1 thread (bench page)', ...cell(g.web)], ['onnxruntime-node CPU, intraOpNumThreads 1', ...cell(g.native)]]), '',
    `${capitalize(instructionSetNote({ gemm: g, simd: r.machine.simd }))}.`, '',
  ];
}
