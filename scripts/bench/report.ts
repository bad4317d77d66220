// Pure functions from raw measurements to per-model tables and text: no I/O, so tests/unit/bench checks them.
import type { BackendConfig, BrowserRun, EngineResult, LatencyCell, ModelTable, NativeReport, RecipeRow } from './types';
import type { StandardRecipe } from './recipes';
import { medianRatioBootstrap } from '../../src/engine/confidence';
import { summarize } from '../../src/runtime/stats';

export const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e6 ? 3 : 2);
export const ratio = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);
export const pct = (x: number, digits = 2) => `${(100 * x).toFixed(digits)}%`;
export const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
/** "0.93× [0.90–0.97]". */
export const ratioWithCi = (x: number | undefined, ci: [number, number] | undefined) => (ci ? `${ratio(x)} [${ci[0].toFixed(2)}–${ci[1].toFixed(2)}]` : ratio(x));
export const ci95 = (a: readonly number[], b: readonly number[]): [number, number] => {
  const i = medianRatioBootstrap(a, b);
  return [i.low, i.high];
};

/** fp32-vs-fp32 interval widened to include 1: the band a ratio must leave to be a measured difference. */
export function noiseBand(fp32Ci: [number, number] | undefined): [number, number] | undefined {
  return fp32Ci && [Math.min(fp32Ci[0], 1), Math.max(fp32Ci[1], 1)];
}

/** Whether a ratio's interval overlaps the noise band (so the run cannot tell it from fp32 against itself). */
export function withinNoise(ci: [number, number] | undefined, band: [number, number] | undefined): boolean | undefined {
  return ci && band ? ci[0] <= band[1] && ci[1] >= band[0] : undefined;
}

export interface TableInput {
  model: string;
  title: string;
  recipes: StandardRecipe[];
  backends: BackendConfig[];
  evalBackend: string;
  evalLimit: number | null;
  browser: BrowserRun[];
  native: NativeReport;
  engine: EngineResult[];
}

/** One row per recipe: sizes from the compress report, latency per backend with the ratio to the fp32 runs interleaved with it. */
export function buildModelTable(input: TableInput): ModelTable {
  const runs = input.browser.filter((r) => r.model === input.model);
  const fp32Size = runs.flatMap((r) => r.recipes).find((r) => r.name === 'fp32' && r.after)?.after;
  const fp32Spread: ModelTable['fp32Spread'] = {};
  const noise: ModelTable['noise'] = {};
  for (const run of runs) {
    const medians = run.recipes.flatMap((r) => (r.reference ? [r.reference.medianMs] : []));
    if (medians.length > 1) fp32Spread[run.backendKey] = Math.max(...medians) / Math.min(...medians) - 1;
    const fp32 = run.recipes.find((r) => r.name === 'fp32');
    noise[run.backendKey] = noiseBand(fp32 && ratioInterval(fp32));
  }
  let evalN = 0;
  const rows = input.recipes.map((recipe): RecipeRow => {
    const row: RecipeRow = { recipe: recipe.name, label: recipe.label, errors: [], hashCheck: 'single', hashSources: {}, latency: {}, native: {} };
    for (const run of runs) {
      const r = run.recipes.find((x) => x.name === recipe.name);
      if (!r) continue;
      if (r.error) row.errors.push(`${run.backendKey}: ${r.error}`);
      if (r.after && row.raw === undefined) {
        row.raw = r.after.raw;
        row.gzip = r.after.gzip;
        if (fp32Size) {
          row.rawRatio = r.after.raw / fp32Size.raw;
          row.gzipRatio = r.after.gzip / fp32Size.gzip;
        }
      }
      if (r.steps && row.weightBytes === undefined) {
        row.weightBytes = r.steps.reduce((n, s) => n + s.weightBytes, 0);
        row.layersChanged = r.steps.reduce((n, s) => n + s.layersChanged, 0);
        row.layers = r.steps.reduce((n, s) => n + s.layers, 0);
        row.warnings = [...new Set(r.steps.flatMap((s) => s.warnings))];
      }
      if (r.sha256) {
        row.sha256 ??= r.sha256;
        row.hashSources[run.backendKey] = r.sha256;
      }
      if (r.latency) {
        // The fp32 row shows every fp32 run of the reference worker (timed alongside all recipes: the largest,
        // most time-spread sample); its ratio stays fp32 against fp32, which shows the noise.
        const pooled = recipe.name === 'fp32' ? pooledReference(run) : undefined;
        const l = pooled ?? r.latency;
        row.latency[run.backendKey] = {
          medianMs: l.medianMs, p95Ms: l.p95Ms, n: l.n, minMs: l.minMs, ratio: r.ratio, ratioCi95: ratioInterval(r),
          withinNoise: recipe.name === 'fp32' ? undefined : withinNoise(ratioInterval(r), noise[run.backendKey]),
          settled: r.settle?.settled, loopMedianMs: r.loopMedianMs, fp32MedianMs: r.reference?.medianMs, pooled: !!pooled,
        };
      }
      if (r.eval && run.backendKey === input.evalBackend) {
        Object.assign(row, { metric: r.eval.metric, value: r.eval.value, ci95: r.eval.ci95, n: r.eval.n, exactMatch: r.eval.exactMatch });
        row.agreement = r.eval.agreement?.top1Match;
        row.meanAbsDelta = r.eval.agreement?.meanAbsDelta;
        evalN = r.eval.n;
      }
    }
    const engine = input.engine.find((e) => e.model === input.model && e.recipe === recipe.name && !e.error);
    if (engine) row.hashSources.engine = engine.sha256;
    const hashes = new Set(Object.values(row.hashSources));
    row.hashCheck = hashes.size > 1 ? 'mismatch' : Object.keys(row.hashSources).length > 1 ? 'match' : 'single';
    for (const n of input.native.results.filter((x) => x.model === input.model && x.recipe === recipe.name && x.latency)) {
      // Like for like: the browser's in-worker loop (one message, N runs) against native's loop.
      const web = runs.find((x) => x.backendKey === `wasm-${n.threads}`)?.recipes.find((x) => x.name === recipe.name);
      const l = n.latency!;
      row.native[String(n.threads)] = {
        medianMs: l.medianMs, p95Ms: l.p95Ms, minMs: l.minMs,
        browserRatio: web?.loopMedianMs !== undefined ? web.loopMedianMs / l.medianMs : undefined,
        browserRatioCi95: web?.loopTimes?.length && n.times?.length ? ci95(web.loopTimes, n.times) : undefined,
      };
    }
    return row;
  });
  const evalNote = !evalN ? 'not evaluated' : input.evalLimit ? `first ${evalN} samples of the eval set (limit ${input.evalLimit})` : `full eval set (n = ${evalN})`;
  return { model: input.model, title: input.title, evalNote, fp32Spread, noise, rows };
}

/** A recipe run's ratio interval: as the page recorded it, or from its raw times (runs recorded before it did). */
function ratioInterval(r: BrowserRun['recipes'][number]): [number, number] | undefined {
  return r.ratioCi95 ?? (r.times?.length && r.referenceTimes?.length ? ci95(r.times, r.referenceTimes) : undefined);
}

/** All fp32 runs the reference worker made in a backend run, summarized together (undefined without raw times). */
export function pooledReference(run: BrowserRun) {
  const times = run.recipes.flatMap((r) => r.referenceTimes ?? []);
  return times.length ? summarize(times, 0) : undefined;
}

/** "wasm-1 + engine 809f975b…, wasm-2 ac5aa357…": which sources agreed on which bytes. */
export function hashGroups(row: RecipeRow): string {
  const groups = new Map<string, string[]>();
  for (const [source, hash] of Object.entries(row.hashSources)) groups.set(hash, [...(groups.get(hash) ?? []), source]);
  return [...groups].map(([hash, sources]) => `${sources.join(' + ')} ${hash.slice(0, 8)}…`).join(', ');
}

/** "98.10% [97.42–98.63] n=2000"; CER gets "CER " in front. */
export function formatQuality(row: RecipeRow): string {
  if (row.value === undefined || !row.ci95) return '–';
  const v = `${pct(row.value)} [${pct(row.ci95.low)}–${pct(row.ci95.high)}] n=${row.n}`;
  return row.metric === 'cer' ? `CER ${v}` : v;
}

/** "0.45/0.61 (0.93× [0.90–0.97] ≈)": ≈ marks a ratio inside the fp32-vs-fp32 noise; "unsettled" a variant whose
 * warm-up gave up before its times settled. */
export function formatLatency(cell: LatencyCell | undefined): string {
  if (!cell) return '–';
  const marks = [cell.withinNoise ? '≈' : '', cell.settled === false ? 'unsettled' : ''].filter(Boolean).join(', ');
  return `${ms(cell.medianMs)}/${ms(cell.p95Ms)} (${ratioWithCi(cell.ratio, cell.ratioCi95)}${marks ? ` ${marks}` : ''})`;
}

export function tableColumns(backends: BackendConfig[], nativeThreads: number[]): string[] {
  return [
    'recipe', 'raw MB', 'gzip MB', 'size ×fp32',
    ...backends.map((b) => `${b.label} med/p95 ms (×fp32 [95% CI])`),
    'quality [95% CI]', 'agree fp32',
    ...nativeThreads.map((t) => `native ×${t} med ms (web loop/native [95% CI])`),
  ];
}

export function tableCells(row: RecipeRow, backends: BackendConfig[], nativeThreads: number[]): string[] {
  const size = row.raw === undefined ? ['–', '–', '–'] : [mb(row.raw), mb(row.gzip!), `${ratio(row.rawRatio)} (gz ${ratio(row.gzipRatio)})`];
  return [
    row.errors.length && row.raw === undefined ? `${row.label} (failed)` : row.label,
    ...size,
    ...backends.map((b) => formatLatency(row.latency[b.key])),
    formatQuality(row),
    row.agreement === undefined ? '–' : pct(row.agreement, 1),
    ...nativeThreads.map((t) => {
      const n = row.native[String(t)];
      return n ? `${ms(n.medianMs)} (${ratioWithCi(n.browserRatio, n.browserRatioCi95)})` : '–';
    }),
  ];
}

/** Plain-text table with columns padded to their widest cell (first column left-aligned, the rest right). */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const pad = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [pad(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(pad)].join('\n');
}

/** Markdown table; numbers right-aligned (all but the first column) unless `leftAll`. */
export function markdownTable(headers: string[], rows: string[][], leftAll = false): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `|${headers.map((_, i) => (i === 0 || leftAll ? ':---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
