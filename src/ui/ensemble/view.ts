// What the ensemble panel shows, from what both panes measured (pure, so it is unit-tested): where averaging
// does not apply and why, the eval-set result, the combined size, and the averaged live prediction.
import { softmax } from '../../engine/classify';
import { averageProbabilities, evaluateEnsemble, topClasses, type EnsembleResult } from '../../engine/ensemble';
import type { IoInfo } from '../../engine/model-info';

import type { EvalResult } from '../../models/evaluate';
import type { Prediction, Task } from '../../models/types';

/** A size whose gzip part may still be being measured (see PaneState's sizes). */
export type RawOrSized = { raw: number; gzip?: number };

export type EnsembleView =
  | { kind: 'not-applicable'; reason: 'ocr' | 'no-class-scores' }
  | { kind: 'waiting' }
  | { kind: 'mismatch' }
  | { kind: 'ready'; result: EnsembleResult; members: [EvalResult, EvalResult] };

export interface EnsembleInput {
  /** The registry task; undefined for an uploaded model. */
  task?: Task;
  /** An upload's first output: averaging needs [batch, classes]. */
  firstOutput?: IoInfo;
  evaluations: [EvalResult | undefined, EvalResult | undefined];
  classLabels: readonly string[];
}

export function ensembleView(input: EnsembleInput): EnsembleView {
  if (input.task === 'ocr') return { kind: 'not-applicable', reason: 'ocr' };
  if (!input.task && input.firstOutput && input.firstOutput.dims.length !== 2) return { kind: 'not-applicable', reason: 'no-class-scores' };
  const [a, b] = input.evaluations;
  if (!a || !b) return { kind: 'waiting' };
  if (a.metric === 'cer' || b.metric === 'cer') return { kind: 'not-applicable', reason: 'ocr' };
  if (!a.samples || !b.samples) return { kind: 'not-applicable', reason: 'no-class-scores' };
  try {
    return { kind: 'ready', result: evaluateEnsemble([a.samples, b.samples], labelsFor(input.classLabels, a.samples.classes)), members: [a, b] };
  } catch {
    return { kind: 'mismatch' };
  }
}

/** Class names, or the class index as text (how uploads label their top class). */
function labelsFor(labels: readonly string[], classes: number): string[] {
  return Array.from({ length: classes }, (_, i) => labels[i] ?? String(i));
}

/** Both variants' sizes added: what shipping the two models costs (gzip once both are measured). */
export function ensembleSize(sizes: [RawOrSized | undefined, RawOrSized | undefined]): RawOrSized | undefined {
  const [a, b] = sizes;
  if (!a || !b) return undefined;
  return a.gzip !== undefined && b.gzip !== undefined ? { raw: a.raw + b.raw, gzip: a.gzip + b.gzip } : { raw: a.raw + b.raw };
}

/** The averaged top classes of both panes' live predictions, when both give class scores of one length. */
export function liveEnsemble(predictions: [Prediction | undefined, Prediction | undefined], classLabels: readonly string[], k = 3): Prediction | undefined {
  const [a, b] = predictions;
  if (!a?.scores || !b?.scores || !a.top || !b.top || a.scores.length !== b.scores.length) return undefined;
  const p = averageProbabilities([softmax(a.scores), softmax(b.scores)]);
  const top = topClasses(p, labelsFor(classLabels, p.length), k);
  return { label: top[0].label, top, scores: p };
}
