// Both panes' measured results as files people keep: JSON (everything, re-loadable) and CSV (one row per pane,
// raw unformatted numbers). Pure: the UI passes plain snapshots, so the same builders run in unit tests.
// Unmeasured values are null/empty, never guessed: a file only ever holds numbers this browser measured.
import type { Recipe } from '../../engine/pipeline';
import type { SizeInfo } from '../../engine/size';
import type { EvalResult } from '../../models/evaluate';
import type { LatencyStats } from '../../runtime/stats';
import type { TimedInput, VsFp32 } from '../../runtime/latency';
import type { MemoryStats } from '../../workers/memory-api';
import type { BackendChoice } from '../state/pane.svelte';
import type { InputsUsed } from '../../workers/upload-inputs';
import { recipeCode } from './recipe-text';

export const RESULTS_FORMAT = 'modellab-results';
export const RESULTS_VERSION = 1;

/** What one pane holds right now (a plain copy of PaneState's fields). */
export interface PaneSnapshot {
  recipe: Recipe;
  choice: BackendChoice;
  /** The backend the session really loaded on (threads as ORT reported them). */
  info?: { backend: string; threads: number };
  report?: { before: SizeInfo; after: SizeInfo };
  /** LatencyStats, with what was timed and how it warmed up when measured by runtime/latency.ts; `inputs`: which
   * inputs the figure ran on (eval set, the user's samples, synthetic, the live input). */
  latency?: LatencyStats & { input?: TimedInput; settle?: { settled: boolean; ms: number }; inputs?: InputsUsed; vsFp32?: VsFp32 };
  evaluation?: EvalResult & { inputs?: InputsUsed };
  /** Peak WASM heap of loading and running the variant, when the memory probe has measured it. */
  memory?: MemoryStats;
}

export interface DeviceInfo {
  browser: string;
  platform: string;
  cores: number;
  crossOriginIsolated: boolean;
  /** GPU adapter, when WebGPU is available (vendor / architecture). */
  gpu?: string;
}

export interface ResultsInput {
  model: { id: string; name: string };
  panes: readonly [PaneSnapshot, PaneSnapshot];
  device: DeviceInfo;
  date: Date;
  /** The permalink hash of this comparison (absent for an uploaded model, which a link cannot carry). */
  link?: string;
}

export interface PaneResult {
  side: 'left' | 'right';
  recipe: Recipe;
  recipeText: string;
  backend: string;
  threads: number | null;
  size: SizeInfo | null;
  fp32Size: SizeInfo | null;
  /** size / fp32Size, e.g. 0.26 for a model about a quarter of the original. */
  sizeRatio: { raw: number; gzip: number } | null;
  /** `input`: what was timed; `settled`: whether the warm-up reached steady times; `vsFp32`: the ratio to fp32 from
   * runs alternated with fp32's, when timed that way. */
  latency: { medianMs: number; p95Ms: number; n: number; warmup: number; input?: TimedInput; settled?: boolean; inputs?: InputsUsed; vsFp32?: { ratio: number; ci: { low: number; high: number } } } | null;
  /** `total`: the eval set's size when n is only part of it (a stopped progressive evaluation). */
  metric: { name: EvalResult['metric']; value: number; ci95: { low: number; high: number }; n: number; total?: number; exactMatch?: number; inputs?: InputsUsed } | null;
  agreement: { top1Match: number; meanAbsDelta: number; n: number } | null;
  /** Absent in files written before it was measured. */
  memory?: { peakHeapBytes: number; initialHeapBytes: number; runs: number } | null;
}

export interface ResultsFile {
  format: typeof RESULTS_FORMAT;
  version: typeof RESULTS_VERSION;
  date: string;
  model: { id: string; name: string };
  device: DeviceInfo;
  link?: string;
  panes: [PaneResult, PaneResult];
}

function paneResult(side: 'left' | 'right', p: PaneSnapshot): PaneResult {
  const r = p.report;
  const e = p.evaluation;
  const threads = p.info ? (p.info.backend === 'wasm' ? p.info.threads : null) : p.choice.backend === 'wasm' ? (p.choice.threads ?? null) : null;
  return {
    side,
    recipe: JSON.parse(JSON.stringify(p.recipe)) as Recipe,
    recipeText: recipeCode(p.recipe),
    backend: p.info?.backend ?? p.choice.backend,
    threads,
    size: r ? { ...r.after } : null,
    fp32Size: r ? { ...r.before } : null,
    sizeRatio: r ? { raw: r.after.raw / r.before.raw, gzip: r.after.gzip / r.before.gzip } : null,
    latency: p.latency ? {
      medianMs: p.latency.medianMs, p95Ms: p.latency.p95Ms, n: p.latency.n, warmup: p.latency.warmup,
      ...(p.latency.input ? { input: JSON.parse(JSON.stringify(p.latency.input)) as TimedInput } : {}), ...(p.latency.settle ? { settled: p.latency.settle.settled } : {}),
      ...(p.latency.inputs ? { inputs: { ...p.latency.inputs } } : {}),
      ...(p.latency.vsFp32 ? { vsFp32: { ratio: p.latency.vsFp32.ratio, ci: { ...p.latency.vsFp32.ci } } } : {}),
    } : null,
    metric: e ? {
      name: e.metric, value: e.value, ci95: { ...e.ci95 }, n: e.n, ...(e.total !== undefined && e.total > e.n ? { total: e.total } : {}), ...(e.exactMatch !== undefined ? { exactMatch: e.exactMatch } : {}),
      ...(e.inputs ? { inputs: { ...e.inputs } } : {}),
    } : null,
    agreement: e?.agreement ? { ...e.agreement } : null,
    memory: p.memory ? { peakHeapBytes: p.memory.peakHeapBytes, initialHeapBytes: p.memory.initialHeapBytes, runs: p.memory.runs } : null,
  };
}

export function buildResults(input: ResultsInput): ResultsFile {
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    date: input.date.toISOString(),
    model: { ...input.model },
    device: { ...input.device },
    ...(input.link ? { link: input.link } : {}),
    panes: [paneResult('left', input.panes[0]), paneResult('right', input.panes[1])],
  };
}

export function resultsJson(results: ResultsFile): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** Reads a results file back, checking it is one (a wrong file gets a reason, not a half-filled view). */
export function parseResults(text: string): ResultsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('This is not a ModelLab results file: it is not JSON.');
  }
  const r = raw as Partial<ResultsFile> | null;
  if (!r || r.format !== RESULTS_FORMAT) throw new Error('This is not a ModelLab results file (its "format" is missing or different).');
  if (r.version !== RESULTS_VERSION) throw new Error(`This results file has version ${String(r.version)}; this ModelLab reads version ${RESULTS_VERSION}.`);
  if (!Array.isArray(r.panes) || r.panes.length !== 2 || !r.model?.id) throw new Error('This results file is incomplete: it needs a model and two panes.');
  return r as ResultsFile;
}

type Cell = string | number | null | undefined;

const COLUMNS: [string, (p: PaneResult, f: ResultsFile) => Cell][] = [
  ['side', (p) => p.side],
  ['model', (_, f) => f.model.id],
  ['recipe', (p) => p.recipeText],
  ['backend', (p) => p.backend],
  ['threads', (p) => p.threads],
  ['raw_bytes', (p) => p.size?.raw],
  ['gzip_bytes', (p) => p.size?.gzip],
  ['fp32_raw_bytes', (p) => p.fp32Size?.raw],
  ['fp32_gzip_bytes', (p) => p.fp32Size?.gzip],
  ['raw_ratio_to_fp32', (p) => p.sizeRatio?.raw],
  ['gzip_ratio_to_fp32', (p) => p.sizeRatio?.gzip],
  ['latency_median_ms', (p) => p.latency?.medianMs],
  ['latency_p95_ms', (p) => p.latency?.p95Ms],
  ['latency_runs', (p) => p.latency?.n],
  ['latency_warmup', (p) => p.latency?.warmup],
  ['latency_input', (p) => p.latency?.input && `${p.latency.input.source}${p.latency.input.index ? ` ${p.latency.input.index}` : ''} [${p.latency.input.dims.map((d) => d.join('x')).join(', ')}]`],
  ['latency_settled', (p) => (p.latency?.settled === undefined ? undefined : String(p.latency.settled))],
  ['metric', (p) => p.metric?.name],
  ['value', (p) => p.metric?.value],
  ['ci95_low', (p) => p.metric?.ci95.low],
  ['ci95_high', (p) => p.metric?.ci95.high],
  ['n', (p) => p.metric?.n],
  ['n_of', (p) => p.metric && (p.metric.total ?? p.metric.n)],
  ['agreement_top1', (p) => p.agreement?.top1Match],
  ['agreement_mean_abs_delta', (p) => p.agreement?.meanAbsDelta],
  ['agreement_n', (p) => p.agreement?.n],
  ['peak_wasm_heap_bytes', (p) => p.memory?.peakHeapBytes],
  ['browser', (_, f) => f.device.browser],
  ['date', (_, f) => f.date],
];

/** RFC 4180: quote fields with a comma, quote or line break; double the quotes. */
export function csvField(value: Cell): string {
  if (value === undefined || value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsCsv(results: ResultsFile): string {
  const rows = [COLUMNS.map(([name]) => name), ...results.panes.map((p) => COLUMNS.map(([, get]) => get(p, results)))];
  return rows.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** e.g. "modellab-digits-cnn-2025-03-15-1432" (local time), so several exports sort and do not overwrite. */
export function exportBaseName(modelId: string, date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}`;
  return `modellab-${modelId.replace(/[^\w.-]+/g, '_')}-${stamp}`;
}
