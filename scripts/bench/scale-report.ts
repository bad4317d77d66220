// The bench's scale section from its rows: the `scale` array of results.json, the targets it checks (met / not met,
// with the per-operator profile as the reason where one is missed) and its RESULTS.md section. Pure: no I/O.
import { estimateMemory } from '../../src/engine/scale/memory';
import type { ScaleProfile } from '../../src/workers/scale-api';
import type { ScaleRow } from '../../src/workers/scale-runner';
import type { TargetCheck } from './types';

export interface ScaleEntry {
  point: string;
  params: number;
  kind: 'encoder' | 'decoder';
  recipe: string;
  /** Threads ORT really used in the worker. */
  threads: number;
  /** Encoder pass / decoder prefill: median ÷ the interleaved fp32 median, and its 95% interval. */
  latencyRatio: number;
  latencyRatioCi: [number, number];
  fp32Ms: number;
  ms: number;
  runs: number;
  /** Download bytes ÷ fp32 bytes. */
  sizeRatio: number;
  computeFormat?: string;
  /** Decoders: tokens/s generating `decodeTokens` tokens from the prefilled cache, and fp32's in the same worker. */
  tokensPerSecond?: number;
  fp32TokensPerSecond?: number;
  decodeRatio?: number;
  /** WASM heap with the variant alone, with both sessions, and what the estimate said before building (bytes). */
  variantHeapBytes?: number;
  peakHeapBytes?: number;
  estimatedHeapBytes: number;
  agreement: { relError: number; top1?: number };
  profile?: { variant: ScaleProfile; fp32?: ScaleProfile };
}

export interface ScaleSection {
  entries: ScaleEntry[];
  /** Rows that failed or were refused, with why. */
  failures: { point: string; recipe: string; threads: number; error: string }[];
  /** 1-minute load average before and after the section. */
  load: [number, number];
  ms: number;
}

export function scaleEntries(rows: readonly ScaleRow[]): ScaleEntry[] {
  return rows.flatMap((r): ScaleEntry[] => {
    const m = r.measurement;
    if (!m) return [];
    return [{
      point: r.pointId, params: m.params, kind: m.kind, recipe: r.recipeId, threads: m.threads,
      latencyRatio: m.latency.ratio, latencyRatioCi: [m.latency.ci.low, m.latency.ci.high], fp32Ms: m.latency.fp32.medianMs, ms: m.latency.variant.medianMs, runs: m.latency.variant.n,
      sizeRatio: m.downloadBytes / m.fp32Bytes, computeFormat: m.computeFormat,
      ...(m.decode ? { tokensPerSecond: m.decode.tokensPerSecond, fp32TokensPerSecond: m.decode.fp32TokensPerSecond, decodeRatio: m.decode.ratio } : {}),
      variantHeapBytes: m.variantHeapBytes, peakHeapBytes: m.peakHeapBytes, estimatedHeapBytes: estimateMemory(r.shape).wasmBytes,
      agreement: { relError: m.agreement.relError, ...(m.agreement.top1 ? { top1: m.agreement.top1.rate } : {}) },
      ...(m.profile ? { profile: m.profile } : {}),
    }];
  });
}

export function scaleFailures(rows: readonly ScaleRow[]): ScaleSection['failures'] {
  return rows.filter((r) => !r.measurement).map((r) => ({ point: r.pointId, recipe: r.recipeId, threads: r.threadsRequested, error: r.error ?? 'no result' }));
}

export const SCALE_LIMITS = { speedup: 2, int4Download: 0.17, int4Latency: 0.5 };
const BERT = 'enc-base';
const GPT2 = 'dec-gpt2';
const x = (v: number) => `${v.toFixed(2)}×`;
const ci = (e: ScaleEntry) => `[${e.latencyRatioCi[0].toFixed(2)}–${e.latencyRatioCi[1].toFixed(2)}]`;

/** "MatMulInteger 61% (412 ms), DynamicQuantizeLinear 9%": where a model's time goes. */
export function topOps(profile: ScaleProfile['pass'] | undefined, n = 4): string {
  if (!profile?.length) return 'no profile';
  return profile.slice(0, n).map((o) => `${o.op} ${(100 * o.share).toFixed(0)}% (${o.ms.toFixed(o.ms < 10 ? 2 : 0)} ms)`).join(', ');
}

/** fp32's profile at this point and thread count (taken once, with the point's first recipe). */
function fp32Profile(entries: readonly ScaleEntry[], e: ScaleEntry): ScaleProfile | undefined {
  return entries.find((x) => x.point === e.point && x.threads === e.threads && x.profile?.fp32)?.profile?.fp32;
}

function profileReason(entries: readonly ScaleEntry[], e: ScaleEntry, what: 'pass' | 'decodeStep' = 'pass'): string {
  if (!e.profile) return 'not profiled in this run';
  return `ORT profile per ${what === 'pass' ? 'pass' : 'decode step'} (${e.threads} thread(s)): ${e.recipe} — ${topOps(e.profile.variant[what])}; fp32 — ${topOps(fp32Profile(entries, e)?.[what])}`;
}

export function scaleTargets(section: ScaleSection): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const load = `load average ${section.load[0].toFixed(1)}→${section.load[1].toFixed(1)}`;
  const bert = section.entries.filter((e) => e.point === BERT);
  if (!bert.length) {
    checks.push({ id: 'scale-speedup', target: `BERT-base: some recipe ≥ ${SCALE_LIMITS.speedup}× faster than fp32 (WASM)`, subject: BERT, measured: '–', status: 'not measured', reason: 'BERT-base was not part of this run (--quick or --scale-points)' });
  } else {
    const best = bert.reduce((a, b) => (b.latencyRatio < a.latencyRatio ? b : a));
    const ok = best.latencyRatioCi[1] <= 1 / SCALE_LIMITS.speedup;
    checks.push({
      id: 'scale-speedup', target: `BERT-base: some recipe ≥ ${SCALE_LIMITS.speedup}× faster than fp32 (WASM)`, subject: `${BERT} ${best.recipe} ×${best.threads}`,
      measured: `${x(best.latencyRatio)} ${ci(best)} (${(1 / best.latencyRatio).toFixed(2)}× faster)`, status: ok ? 'met' : 'not met',
      reason: ok ? undefined : `the whole 95% interval must be ≤ ${x(1 / SCALE_LIMITS.speedup)}; ${profileReason(section.entries, best)}; ${load}`,
    });
  }
  const expanded = bert.filter((e) => e.recipe === 'int4-run-int8');
  if (!expanded.length) {
    checks.push({ id: 'scale-int4-int8', target: `BERT-base, download int4 / run int8: download ≤ ${SCALE_LIMITS.int4Download}× and latency ≤ ${SCALE_LIMITS.int4Latency}× fp32`, subject: BERT, measured: '–', status: 'not measured', reason: 'not part of this run' });
  }
  for (const e of expanded) {
    const sizeOk = e.sizeRatio <= SCALE_LIMITS.int4Download;
    const latencyOk = e.latencyRatioCi[1] <= SCALE_LIMITS.int4Latency;
    const misses = [!sizeOk && `download ${x(e.sizeRatio)} > ${x(SCALE_LIMITS.int4Download)}`, !latencyOk && `latency interval reaches ${x(e.latencyRatioCi[1])} > ${x(SCALE_LIMITS.int4Latency)}; ${profileReason(section.entries, e)}`].filter(Boolean);
    checks.push({
      id: 'scale-int4-int8', target: `BERT-base, download int4 / run int8: download ≤ ${SCALE_LIMITS.int4Download}× and latency ≤ ${SCALE_LIMITS.int4Latency}× fp32`, subject: `${BERT} int4-run-int8 ×${e.threads}`,
      measured: `download ${x(e.sizeRatio)}, latency ${x(e.latencyRatio)} ${ci(e)}`, status: sizeOk && latencyOk ? 'met' : 'not met',
      reason: misses.length ? `${misses.join('; ')}; ${load}` : undefined,
    });
  }
  const gpt2 = section.entries.filter((e) => e.point === GPT2 && e.tokensPerSecond !== undefined);
  if (!gpt2.length) checks.push({ id: 'scale-decode', target: 'GPT-2-small: decoder tokens/s per recipe (reported)', subject: GPT2, measured: '–', status: 'not measured', reason: 'GPT-2-small was not part of this run' });
  for (const e of gpt2) {
    checks.push({
      id: 'scale-decode', target: 'GPT-2-small: decoder tokens/s per recipe (reported)', subject: `${GPT2} ${e.recipe} ×${e.threads}`,
      measured: `${e.tokensPerSecond!.toFixed(1)} tok/s (fp32 ${e.fp32TokensPerSecond!.toFixed(1)}; ${x(e.decodeRatio!)} the time)`, status: 'met',
      reason: e.decodeRatio! > 1 ? `slower than fp32 when decoding: ${profileReason(section.entries, e, 'decodeStep')}` : undefined,
    });
  }
  return checks;
}

const tableRow = (cells: string[]) => `| ${cells.join(' | ')} |`;

export function scaleMarkdown(section: ScaleSection): string[] {
  const out = ['## Scale lab: generated Transformers from 40 k to 124 M parameters', ''];
  out.push('Random-weight BERT-like encoders and GPT-2-like decoders built by the app\'s generator (`src/engine/scale/`) in the browser and measured by the app\'s scale-lab workers (one fresh worker per point, recipe and thread count): size, memory and latency are real; quality is agreement with the fp32 model only. Latency ratios divide by fp32 runs timed in alternating blocks in the same worker, after both warmed up until settled; the ratio is the median of the ratios of adjacent blocks, with a distribution-free 95% interval from their order statistics.', '');
  out.push(`Section time ${(section.ms / 60000).toFixed(1)} min; 1-minute load average ${section.load[0].toFixed(1)} → ${section.load[1].toFixed(1)}.`, '', '![crossover: latency ratio vs parameters](scale-chart.png)', '');
  out.push(tableRow(['point', 'params', 'recipe', 'threads', 'download ×fp32', 'runs as', 'fp32 ms', 'recipe ms', '×fp32 [95% CI]', 'tok/s fp32 → recipe', 'heap MB: recipe / both (estimate)', 'agreement']));
  out.push(tableRow(Array(12).fill('---')));
  for (const e of [...section.entries].sort((a, b) => a.kind.localeCompare(b.kind) || a.params - b.params || a.recipe.localeCompare(b.recipe) || a.threads - b.threads)) {
    out.push(tableRow([e.point, e.params.toLocaleString('en-US'), e.recipe, String(e.threads), x(e.sizeRatio), e.computeFormat ?? '–', e.fp32Ms.toFixed(e.fp32Ms < 10 ? 2 : 0), e.ms.toFixed(e.ms < 10 ? 2 : 0),
      `${x(e.latencyRatio)} ${ci(e)}`, e.tokensPerSecond === undefined ? '–' : `${e.fp32TokensPerSecond!.toFixed(1)} → ${e.tokensPerSecond.toFixed(1)}`,
      `${e.variantHeapBytes ? (e.variantHeapBytes / 1e6).toFixed(0) : '–'} / ${e.peakHeapBytes ? (e.peakHeapBytes / 1e6).toFixed(0) : '–'} (${(e.estimatedHeapBytes / 1e6).toFixed(0)})`, `${(100 * e.agreement.relError).toFixed(1)}% rel. error${e.agreement.top1 === undefined ? '' : `, top-1 ${(100 * e.agreement.top1).toFixed(0)}%`}`]));
  }
  const profiled = section.entries.filter((e) => e.profile);
  if (profiled.length) {
    out.push('', '### Where the time goes (ORT-web profiler, kernel time per operator type)', '');
    for (const e of profiled) {
      const fp32 = fp32Profile(section.entries, e);
      out.push(`- ${e.point} ${e.recipe} ×${e.threads}: pass — ${topOps(e.profile!.variant.pass)}; fp32 — ${topOps(fp32?.pass)}`);
      if (e.profile!.variant.decodeStep) out.push(`  - per decode step: ${topOps(e.profile!.variant.decodeStep)}; fp32 — ${topOps(fp32?.decodeStep)}`);
    }
  }
  if (section.failures.length) out.push('', ...section.failures.map((f) => `- ${f.point} ${f.recipe} ×${f.threads}: ${f.error}`));
  out.push('');
  return out;
}
