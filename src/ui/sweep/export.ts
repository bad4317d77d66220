// Sweep results as files people keep: CSV for spreadsheets (one row per recipe, raw unformatted numbers, a
// header row) and JSON with the full measurements and the settings they were taken with.
import type { SweepRowView } from './results';

export interface SweepMeta {
  model: string;
  backend: string;
  threads?: number;
  /** Timed runs per recipe, each recipe warmed up until its times settled first. */
  runs: number;
  /** Eval samples per recipe; undefined = the whole set. */
  evalLimit?: number;
  /** ISO time the sweep started. */
  date: string;
}

type Cell = string | number | undefined;

const COLUMNS: [string, (r: SweepRowView) => Cell][] = [
  ['id', (r) => r.id],
  ['label', (r) => r.label.en],
  ['recipe', (r) => JSON.stringify(r.recipe)],
  ['status', (r) => (r.error ? 'failed' : 'ok')],
  ['error', (r) => r.error],
  ['raw_bytes', (r) => r.size?.raw],
  ['gzip_bytes', (r) => r.size?.gzip],
  ['raw_ratio_to_fp32', (r) => r.sizeRatio?.raw],
  ['gzip_ratio_to_fp32', (r) => r.sizeRatio?.gzip],
  ['latency_median_ms', (r) => r.latency?.medianMs],
  ['latency_p95_ms', (r) => r.latency?.p95Ms],
  ['latency_ratio_to_fp32', (r) => r.latencyRatio],
  ['latency_ratio_ci95_low', (r) => r.latencyRatioCi?.low],
  ['latency_ratio_ci95_high', (r) => r.latencyRatioCi?.high],
  ['fp32_alternated_median_ms', (r) => r.latency?.vsFp32?.fp32.medianMs],
  ['latency_runs', (r) => r.latency?.n],
  ['latency_warmup_runs', (r) => r.latency?.warmup],
  ['latency_warmup_ms', (r) => r.latency?.settle.ms],
  ['latency_settled', (r) => (r.latency ? String(r.latency.settle.settled) : undefined)],
  ['latency_input', (r) => (r.latency ? `${r.latency.input.source}${r.latency.input.index ? ` ${r.latency.input.index}` : ''} [${r.latency.input.dims.map((d) => d.join('x')).join(', ')}]` : undefined)],
  ['metric', (r) => r.evaluation?.metric],
  ['value', (r) => r.evaluation?.value],
  ['ci95_low', (r) => r.evaluation?.ci95.low],
  ['ci95_high', (r) => r.evaluation?.ci95.high],
  ['n', (r) => r.evaluation?.n],
  ['n_of', (r) => r.evaluation && (r.evaluation.total ?? r.evaluation.n)],
  ['agreement_top1', (r) => r.evaluation?.agreement?.top1Match],
  ['agreement_mean_abs_delta', (r) => r.evaluation?.agreement?.meanAbsDelta],
  ['compress_ms', (r) => r.compressMs],
  ['warnings', (r) => r.warnings?.map((w) => w.en).join(' | ')],
  ['layers_changed', (r) => r.layersChanged],
  ['backend', (r) => r.backend],
  ['threads', (r) => r.threads],
];

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted; quotes are doubled. */
export function csvField(value: Cell): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function sweepCsv(rows: readonly SweepRowView[]): string {
  const lines = [COLUMNS.map(([name]) => name), ...rows.map((r) => COLUMNS.map(([, get]) => get(r)))];
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function sweepJson(meta: SweepMeta, rows: readonly SweepRowView[]): string {
  return JSON.stringify({ tool: 'ModelLab sweep', ...meta, rows }, null, 2);
}

/** File name stem: the model's name made safe for any file system. */
export function exportName(meta: SweepMeta): string {
  return `modellab-sweep-${meta.model.replace(/\.onnx$/i, '').replace(/[^\w.-]+/g, '_')}`;
}
