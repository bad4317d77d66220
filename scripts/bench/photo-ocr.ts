// The bench's photo OCR section (issue 11): the three-stage PP-OCRv4 pipeline measured end to end per photo, like
// every registry model (bench.html, lab workers, fp32 interleaved, pre-warm until settled), but with its own plan
// (a photo takes seconds, not milliseconds) and the quantization recipes only, then summarized as `photoOcr`
// entries and checked against the issue's targets: fp32 det F1 >= 0.9 and CER <= 5% on the rendered photos; an
// int8 recipe at <= 0.3× size with CER within +1 pp of fp32. Missed targets name the measured numbers.
import { isPhotoOcrEval } from '../../src/models/photo-ocr/evaluate';
import type { ModelPlan } from './browser-runs';
import type { SettleSpec } from '../../src/bench/protocol';
import { pct, pooledReference, ratio } from './report';
import type { StandardRecipe } from './recipes';
import type { BrowserRun, TargetCheck } from './types';

export const PHOTO_OCR_MODEL = 'photo-ocr-ppocrv4';
/** Pruning and low-rank without fine-tuning wreck PP-OCR (see the rec model's bench rows); quantization is the question here. */
export const PHOTO_OCR_RECIPES = ['fp32', 'fp16', 'int8-dynamic', 'int8-qdq', 'int4'];
export const PHOTO_LIMITS = { detF1: 0.9, cer: 0.05, int8Size: 0.3, cerDelta: 0.01 };

export interface PhotoOcrEntry {
  recipe: string;
  /** Fractions (0..1), not percents. */
  detF1?: number;
  cer?: number;
  /** Median end-to-end latency per photo, ms, and its ratio to fp32 timed alongside. */
  latencyMs?: number;
  latencyRatio?: number;
  sizeRatio?: number;
  /** Photos evaluated, and the backend of the latency. */
  n?: number;
  backend: string;
  error?: string;
}

export function photoOcrPlan(quick: boolean, num: (flag: string, fallback: number) => number, settle: (minMs: number) => SettleSpec): ModelPlan {
  return {
    model: PHOTO_OCR_MODEL, settle: settle(quick ? 2000 : 8000), runs: num('--photo-runs', quick ? 3 : 10), evalLimit: num('--photo-limit', quick ? 3 : 100),
  };
}

export const photoOcrRecipes = (recipes: StandardRecipe[]) => recipes.filter((r) => PHOTO_OCR_RECIPES.includes(r.name));

/** One entry per recipe: quality from the eval backend's run, latency from `latencyBackend`'s. */
export function photoOcrEntries(browser: BrowserRun[], evalBackend: string, latencyBackend = evalBackend): PhotoOcrEntry[] {
  const runOf = (key: string) => browser.find((r) => r.model === PHOTO_OCR_MODEL && r.backendKey === key);
  const evalRun = runOf(evalBackend), timed = runOf(latencyBackend);
  if (!evalRun) return [];
  const fp32Size = evalRun.recipes.find((r) => r.name === 'fp32')?.after?.raw;
  // fp32's time is every fp32 run of the interleaved reference, as in the RESULTS.md table (not one block's).
  const fp32Ms = timed && pooledReference(timed)?.medianMs;
  return evalRun.recipes.map((r): PhotoOcrEntry => {
    const t = timed?.recipes.find((x) => x.name === r.name);
    const e = isPhotoOcrEval(r.eval) ? r.eval : undefined;
    return {
      recipe: r.name, backend: latencyBackend, error: r.error ?? t?.error,
      detF1: e?.detection.f1, cer: e?.value, n: e?.n,
      latencyMs: r.name === 'fp32' ? (fp32Ms ?? t?.latency?.medianMs) : t?.latency?.medianMs, latencyRatio: t?.ratio,
      sizeRatio: r.after && fp32Size ? r.after.raw / fp32Size : undefined,
    };
  });
}

export function photoOcrTargets(entries: PhotoOcrEntry[]): TargetCheck[] {
  const fp32 = entries.find((e) => e.recipe === 'fp32');
  const out: TargetCheck[] = [];
  const subject = (e: PhotoOcrEntry) => `${PHOTO_OCR_MODEL} ${e.recipe} (n=${e.n ?? '?'} photos)`;
  if (!fp32?.detF1 || fp32.cer === undefined) {
    return [{ id: 'photo-fp32', target: 'photo OCR fp32 quality', subject: PHOTO_OCR_MODEL, measured: '–', status: 'not measured', reason: fp32?.error ?? 'no fp32 evaluation in this run' }];
  }
  out.push({ id: 'photo-det-f1', target: `photo OCR fp32 det F1 ≥ ${PHOTO_LIMITS.detF1}`, subject: subject(fp32), measured: pct(fp32.detF1), status: fp32.detF1 >= PHOTO_LIMITS.detF1 ? 'met' : 'not met' });
  out.push({ id: 'photo-cer', target: `photo OCR fp32 CER ≤ ${pct(PHOTO_LIMITS.cer, 0)}`, subject: subject(fp32), measured: pct(fp32.cer), status: fp32.cer <= PHOTO_LIMITS.cer ? 'met' : 'not met' });
  const fp32Cer = fp32.cer;
  const int8 = entries.filter((e) => e.recipe.startsWith('int8') && e.sizeRatio !== undefined && e.cer !== undefined);
  const ok = int8.filter((e) => e.sizeRatio! <= PHOTO_LIMITS.int8Size && e.cer! <= fp32Cer + PHOTO_LIMITS.cerDelta);
  const best = ok[0] ?? [...int8].sort((a, b) => a.cer! - b.cer!)[0];
  out.push({
    id: 'photo-int8', target: `photo OCR int8 ≤ ${PHOTO_LIMITS.int8Size}× size, CER ≤ fp32 + ${PHOTO_LIMITS.cerDelta * 100} pp`,
    subject: best ? subject(best) : PHOTO_OCR_MODEL,
    measured: best ? `${ratio(best.sizeRatio!)} size, CER ${pct(best.cer!)} (fp32 ${pct(fp32.cer)})` : '–',
    status: !best ? 'not measured' : ok.length ? 'met' : 'not met',
    reason: ok.length || !best ? undefined : int8.map((e) => `${e.recipe}: ${ratio(e.sizeRatio!)} size, CER +${((e.cer! - fp32Cer) * 100).toFixed(2)} pp`).join('; '),
  });
  return out;
}

export function photoOcrMarkdown(entries: PhotoOcrEntry[]): string[] {
  if (!entries.length) return [];
  const f = (x: number | undefined, p = true) => (x === undefined ? '–' : p ? pct(x) : ratio(x));
  return [
    '## Photo OCR end to end', '',
    `Whole photos through detection → angle classifier → recognition, one recipe on all three stages (BatchNorm folded before quantizing). Quality on the rendered photo eval set (models/photo-ocr/MODEL_CARD.md); latency per photo on ${entries[0].backend}, median, ×fp32 timed alongside.`, '',
    '| recipe | det F1 | CER | latency (ms) | ×fp32 | size ×fp32 | n photos |', '|---|---|---|---|---|---|---|',
    ...entries.map((e) => `| ${e.recipe} | ${f(e.detF1)} | ${f(e.cer)} | ${e.latencyMs?.toFixed(0) ?? '–'} | ${f(e.latencyRatio, false)} | ${f(e.sizeRatio, false)} | ${e.n ?? '–'}${e.error ? ` (${e.error.split('\n')[0]})` : ''} |`),
    '',
  ];
}

export function printPhotoOcr(entries: PhotoOcrEntry[]): void {
  if (!entries.length) return;
  console.log('\nPhoto OCR (end to end):');
  for (const e of entries) console.log(`  ${e.recipe.padEnd(14)} det F1 ${e.detF1 === undefined ? '–' : pct(e.detF1)}  CER ${e.cer === undefined ? '–' : pct(e.cer)}  ${e.latencyMs?.toFixed(0) ?? '–'} ms (${e.latencyRatio === undefined ? '–' : ratio(e.latencyRatio)} fp32)  size ${e.sizeRatio === undefined ? '–' : ratio(e.sizeRatio)}${e.error ? `  error: ${e.error}` : ''}`);
}
