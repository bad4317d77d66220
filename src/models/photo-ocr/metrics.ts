// Scoring whole-photo OCR against the rendered ground truth. The matching rule (stated on the model card):
//  - Predicted boxes and ground-truth lines are paired one to one, greedily by highest IoU first (convex polygon
//    IoU of the quadrilaterals), and only pairs with IoU >= 0.5 count. Detection precision = pairs / predicted
//    boxes, recall = pairs / ground-truth lines (every detected box counts, also those recognition drops).
//  - End-to-end CER = (edit distance of each paired line's recognised text to its truth, a dropped line reading
//    as '' + every character of unpaired truth lines (deletions) + every character of unpaired kept predictions
//    (insertions)) / all ground-truth characters. Exact-line rate = truth lines read exactly / all truth lines.
//  - Intervals: 95% percentile bootstrap over photos (lines of one photo share its blur, light and layout, so
//    they are not independent draws), for every one of these ratios.
import { ratioBootstrap, type Interval } from '../../engine/confidence';
import { characterErrors } from '../text-metrics';
import type { PhotoLine } from './eval-set';
import { convexIou } from './geometry';
import type { RecognizedLine } from './pipeline';

export const MATCH_IOU = 0.5;

export interface PhotoScore {
  truthLines: number;
  predictedBoxes: number;
  matched: number;
  edits: number;
  chars: number;
  exactLines: number;
  /** For each truth line, the predicted line paired with it (index into the predictions) or -1. */
  pairs: number[];
}

/** Greedy one-to-one pairing by IoU (highest first), pairs below `minIou` left out. */
export function matchBoxes(truth: readonly PhotoLine['quad'][], predicted: readonly PhotoLine['quad'][], minIou = MATCH_IOU): number[] {
  const candidates: [number, number, number][] = [];
  truth.forEach((t, i) => predicted.forEach((p, j) => {
    const iou = convexIou(t, p);
    if (iou >= minIou) candidates.push([iou, i, j]);
  }));
  candidates.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const pairs = new Array<number>(truth.length).fill(-1);
  const used = new Set<number>();
  for (const [, i, j] of candidates) {
    if (pairs[i] >= 0 || used.has(j)) continue;
    pairs[i] = j;
    used.add(j);
  }
  return pairs;
}

export function scorePhoto(truth: readonly PhotoLine[], predicted: readonly Pick<RecognizedLine, 'quad' | 'text' | 'dropped'>[]): PhotoScore {
  const pairs = matchBoxes(truth.map((t) => t.quad), predicted.map((p) => p.quad));
  const paired = new Set(pairs.filter((j) => j >= 0));
  let edits = 0, chars = 0, exact = 0;
  truth.forEach((t, i) => {
    const p = pairs[i] >= 0 ? predicted[pairs[i]] : undefined;
    const text = p && !p.dropped ? p.text : '';
    const e = characterErrors(text, t.text);
    edits += e;
    chars += [...t.text].length;
    if (p && !p.dropped && e === 0) exact++;
  });
  predicted.forEach((p, j) => {
    if (!paired.has(j) && !p.dropped) edits += [...p.text].length;
  });
  return { truthLines: truth.length, predictedBoxes: predicted.length, matched: paired.size, edits, chars, exactLines: exact, pairs };
}

export interface PhotoMetrics {
  photos: number;
  truthLines: number;
  predictedBoxes: number;
  precision: number;
  recall: number;
  f1: number;
  cer: number;
  exactLineRate: number;
  ci95: { precision: Interval; recall: Interval; f1: Interval; cer: Interval; exactLineRate: Interval };
}

export function summarizeScores(scores: readonly PhotoScore[]): PhotoMetrics {
  const sum = (f: (s: PhotoScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const col = (f: (s: PhotoScore) => number) => scores.map(f);
  const [tp, pred, truth] = [sum((s) => s.matched), sum((s) => s.predictedBoxes), sum((s) => s.truthLines)];
  const ratio = (a: number, b: number) => (b ? a / b : 0);
  return {
    photos: scores.length, truthLines: truth, predictedBoxes: pred,
    precision: ratio(tp, pred), recall: ratio(tp, truth), f1: ratio(2 * tp, pred + truth),
    cer: ratio(sum((s) => s.edits), sum((s) => s.chars)), exactLineRate: ratio(sum((s) => s.exactLines), truth),
    ci95: {
      precision: ratioBootstrap(col((s) => s.matched), col((s) => s.predictedBoxes)),
      recall: ratioBootstrap(col((s) => s.matched), col((s) => s.truthLines)),
      // F1 = 2TP / (predicted + truth): a ratio of sums too, so the same photo bootstrap applies.
      f1: ratioBootstrap(col((s) => 2 * s.matched), col((s) => s.predictedBoxes + s.truthLines)),
      cer: ratioBootstrap(col((s) => s.edits), col((s) => s.chars)),
      exactLineRate: ratioBootstrap(col((s) => s.exactLines), col((s) => s.truthLines)),
    },
  };
}
