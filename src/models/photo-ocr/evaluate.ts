// The photo OCR evaluation harness (worker and Node): runs the pipeline over the committed photos and reports
// end-to-end CER as the headline metric (with the exact-line rate), detection precision/recall/F1, and agreement
// with the fp32 pipeline (same text; text-mask IoU and mean |Δp| of the detection map on a 4×-subsampled grid).
import type { Interval } from '../../engine/confidence';
import type { EvalResult } from '../evaluate';
import type { ProbabilityMap } from './db-postprocess';
import type { PhotoSample } from './eval-set';
import type { RgbaImage } from './image';
import { scorePhoto, summarizeScores, type PhotoMetrics, type PhotoScore } from './metrics';
import type { PhotoOcrResult } from './pipeline';

export interface PhotoOcrEval extends EvalResult {
  metric: 'cer';
  /** Photos (n) and the ground-truth lines in them. */
  lines: number;
  detection: { precision: number; recall: number; f1: number; ci95: { precision: Interval; recall: Interval; f1: Interval } };
  exactCi95: Interval;
  /** vs the fp32 pipeline: mean text-mask IoU of the detection maps (p > 0.3). */
  maskIou?: number;
}

export function isPhotoOcrEval(e: EvalResult | undefined): e is PhotoOcrEval {
  return !!e && 'detection' in e;
}

/** What is kept of a reference (fp32) run per photo: its text and a coarse copy of its detection map. */
export interface ReferencePhoto {
  text: string;
  grid: Uint8Array;
}

const GRID = 4;

/** Every 4th pixel in x and y of the map, as p × 255 rounded. */
export function coarseMap(map: ProbabilityMap): Uint8Array {
  const w = Math.ceil(map.width / GRID), h = Math.ceil(map.height / GRID);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = Math.round(255 * map.data[y * GRID * map.width + x * GRID]);
  return out;
}

export function compareMaps(a: Uint8Array, b: Uint8Array, threshold = 0.3): { iou: number; meanAbsDelta: number } {
  if (a.length !== b.length) return { iou: 0, meanAbsDelta: 1 };
  const t = threshold * 255;
  let inter = 0, union = 0, delta = 0;
  for (let i = 0; i < a.length; i++) {
    const [pa, pb] = [a[i] > t, b[i] > t];
    if (pa && pb) inter++;
    if (pa || pb) union++;
    delta += Math.abs(a[i] - b[i]);
  }
  return { iou: union ? inter / union : 1, meanAbsDelta: a.length ? delta / a.length / 255 : 0 };
}

export interface PhotoEvalOptions {
  limit?: number;
  onProgress?: (done: number, total: number) => void;
  checkCancelled?: () => void;
  /** The fp32 pipeline's result on photo `index` (cached by the caller). */
  reference?: (index: number, photo: RgbaImage) => Promise<ReferencePhoto>;
  /** Per-photo details, for scripts that list what was misread. */
  onPhoto?: (index: number, sample: PhotoSample, result: PhotoOcrResult, score: PhotoScore) => void;
}

export async function evaluatePhotos(samples: PhotoSample[], decode: (s: PhotoSample) => RgbaImage, run: (photo: RgbaImage) => Promise<PhotoOcrResult & { map?: ProbabilityMap }>, options: PhotoEvalOptions = {}): Promise<PhotoOcrEval> {
  const t0 = performance.now();
  const set = options.limit ? samples.slice(0, options.limit) : samples;
  if (!set.length) throw new Error('The evaluation set is empty.');
  const scores: PhotoScore[] = [];
  let same = 0, iou = 0, delta = 0;
  for (const [i, sample] of set.entries()) {
    options.checkCancelled?.();
    const photo = decode(sample);
    const result = await run(photo);
    const score = scorePhoto(sample.lines, result.lines);
    scores.push(score);
    options.onPhoto?.(i, sample, result, score);
    if (options.reference) {
      const ref = await options.reference(i, photo);
      if (ref.text === result.text) same++;
      const m = result.map ? compareMaps(coarseMap(result.map), ref.grid) : { iou: 0, meanAbsDelta: 1 };
      iou += m.iou;
      delta += m.meanAbsDelta;
    }
    options.onProgress?.(i + 1, set.length);
  }
  const m: PhotoMetrics = summarizeScores(scores);
  const n = set.length;
  return {
    metric: 'cer', value: m.cer, ci95: m.ci95.cer, n, exactMatch: m.exactLineRate, exactCi95: m.ci95.exactLineRate, lines: m.truthLines,
    detection: { precision: m.precision, recall: m.recall, f1: m.f1, ci95: { precision: m.ci95.precision, recall: m.ci95.recall, f1: m.ci95.f1 } },
    ...(options.reference ? { agreement: { top1Match: same / n, meanAbsDelta: delta / n, n }, maskIou: iou / n } : {}),
    ms: performance.now() - t0,
  };
}
