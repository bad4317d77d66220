// What the Scale lab shows from its rows: one series per recipe and thread count (x parameters, y latency ratio to
// fp32, with the interval), where each series crosses 1.0, and the rows as CSV. Plain TS, unit-tested.
import type { Interval } from '../../engine/confidence';
import { csvField } from '../export/results';
import type { TimedComparison } from '../../workers/scale-api';
import type { ScaleRow } from '../../workers/scale-runner';

/** 'pass': the encoder's pass or the decoder's prefill; 'decode': token-by-token generation. */
export type ScaleMetric = 'pass' | 'decode';

export function comparisonOf(row: ScaleRow, metric: ScaleMetric): TimedComparison | undefined {
  return metric === 'decode' ? row.measurement?.decode : row.measurement?.latency;
}

export interface SeriesPoint {
  params: number;
  ratio: number;
  ci: Interval;
  row: ScaleRow;
}

export interface Series {
  key: string;
  recipeId: string;
  threads: number;
  row: ScaleRow;
  points: SeriesPoint[];
}

/** Measured rows grouped by recipe and the threads ORT really used, each sorted by parameters. */
export function scaleSeries(rows: readonly ScaleRow[], metric: ScaleMetric): Series[] {
  const map = new Map<string, Series>();
  for (const row of rows) {
    const c = comparisonOf(row, metric);
    const m = row.measurement;
    if (!c || !m) continue;
    const key = `${row.recipeId}@${m.threads}`;
    let s = map.get(key);
    if (!s) map.set(key, (s = { key, recipeId: row.recipeId, threads: m.threads, row, points: [] }));
    s.points.push({ params: m.params, ratio: c.ratio, ci: c.ci, row });
  }
  for (const s of map.values()) s.points.sort((a, b) => a.params - b.params);
  return [...map.values()];
}

export type Verdict =
  | { kind: 'faster'; series: Series; from: SeriesPoint }
  | { kind: 'never'; series: Series; best: number }
  | { kind: 'mixed'; series: Series };

/**
 * Where a recipe starts to pay off: the smallest point from which every larger measured point is faster than fp32
 * with its whole 95% interval below 1.0. The fp32 baseline (fp32 against itself) has no verdict.
 */
export function verdicts(series: readonly Series[]): Verdict[] {
  return series.filter((s) => s.recipeId !== 'fp32' && s.points.length).map((s): Verdict => {
    const faster = s.points.map((p) => p.ci.high < 1);
    if (!faster.some(Boolean)) return { kind: 'never', series: s, best: Math.min(...s.points.map((p) => p.ratio)) };
    let from = faster.length;
    while (from > 0 && faster[from - 1]) from--;
    return from < faster.length ? { kind: 'faster', series: s, from: s.points[from] } : { kind: 'mixed', series: s };
  });
}

type Cell = string | number | undefined;
const COLUMNS: [string, (r: ScaleRow) => Cell][] = [
  ['point', (r) => r.pointId],
  ['kind', (r) => r.shape.kind],
  ['layers', (r) => r.shape.layers],
  ['hidden', (r) => r.shape.hidden],
  ['heads', (r) => r.shape.heads],
  ['ffn', (r) => r.shape.ffn],
  ['vocab', (r) => r.shape.vocab],
  ['sequence', (r) => r.shape.sequence],
  ['decode_tokens', (r) => r.shape.decodeTokens],
  ['params', (r) => r.measurement?.params ?? r.refused?.params],
  ['recipe', (r) => r.recipeId],
  ['threads_requested', (r) => r.threadsRequested],
  ['threads', (r) => r.measurement?.threads],
  ['status', (r) => (r.refused ? 'refused' : r.error ? 'failed' : 'ok')],
  ['error', (r) => r.error],
  ['fp32_bytes', (r) => r.measurement?.fp32Bytes ?? r.refused?.fp32Bytes],
  ['download_bytes', (r) => r.measurement?.downloadBytes],
  ['compute_bytes', (r) => r.measurement?.computeBytes],
  ['compute_format', (r) => r.measurement?.computeFormat],
  ['latency_fp32_median_ms', (r) => r.measurement?.latency.fp32.medianMs],
  ['latency_median_ms', (r) => r.measurement?.latency.variant.medianMs],
  ['latency_ratio', (r) => r.measurement?.latency.ratio],
  ['latency_ratio_ci_low', (r) => r.measurement?.latency.ci.low],
  ['latency_ratio_ci_high', (r) => r.measurement?.latency.ci.high],
  ['latency_runs', (r) => r.measurement?.latency.variant.n],
  ['decode_fp32_tokens_per_s', (r) => r.measurement?.decode?.fp32TokensPerSecond],
  ['decode_tokens_per_s', (r) => r.measurement?.decode?.tokensPerSecond],
  ['decode_ratio', (r) => r.measurement?.decode?.ratio],
  ['decode_runs', (r) => r.measurement?.decode?.variant.n],
  ['variant_heap_bytes', (r) => r.measurement?.variantHeapBytes],
  ['peak_heap_bytes', (r) => r.measurement?.peakHeapBytes],
  ['estimated_heap_bytes', (r) => r.refused?.wasmBytes],
  ['agreement_rel_error', (r) => r.measurement?.agreement.relError],
  ['agreement_cosine', (r) => r.measurement?.agreement.cosine],
  ['agreement_top1', (r) => r.measurement?.agreement.top1?.rate],
];

export function scaleCsv(rows: readonly ScaleRow[]): string {
  const lines = [COLUMNS.map(([name]) => name), ...rows.map((r) => COLUMNS.map(([, get]) => get(r)))];
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}
