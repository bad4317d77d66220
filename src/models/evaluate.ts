// The evaluation harness: runs a model over its labelled eval set and reports the metric with n and a 95%
// interval, plus agreement with a reference (fp32) model when one is given. Pure TS: runs in the worker and Node.
import { softmax } from '../engine/classify';
import { wilson, ratioBootstrap, type Interval } from '../engine/confidence';
import type { SampleScores } from '../engine/ensemble';
import type { OpenModel } from '../engine/tensor-data';
import { characterErrors } from './text-metrics';
import type { LabelledSample, ModelAdapter, Prediction } from './types';

export interface Agreement {
  /** Share of samples where both models give the same label. */
  top1Match: number;
  /** Mean |score - reference score| over all scores of the first output (logits for classifiers). */
  meanAbsDelta: number;
  n: number;
}

export interface EvalResult {
  /** 'agreement' when the samples have no labels (an uploaded model on synthetic inputs): top-1 match with fp32. */
  metric: 'accuracy' | 'cer' | 'agreement';
  /** accuracy / agreement in 0..1, or CER in 0..1 (total edit distance / total label characters). */
  value: number;
  ci95: Interval;
  n: number;
  /** OCR: share of lines recognised exactly. */
  exactMatch?: number;
  agreement?: Agreement;
  ms: number;
  /** Per-sample class probabilities (with keepSamples, for classifiers): what an ensemble of panes averages. */
  samples?: SampleScores;
}

export interface EvalOptions {
  limit?: number;
  reference?: OpenModel;
  onProgress?: (done: number, total: number) => void;
  checkCancelled?: () => void;
  /** Keep each sample's class probabilities (softmax of its scores) in the result; classifiers only. */
  keepSamples?: boolean;
}

/** Above this many scores per sample the first output is not a class vector (an image, a sequence). */
const MAX_CLASSES = 100_000;

export async function evaluate<I>(adapter: ModelAdapter<I>, model: OpenModel, samples: LabelledSample<I>[], options: EvalOptions = {}): Promise<EvalResult> {
  const t0 = performance.now();
  const set = options.limit ? samples.slice(0, options.limit) : samples;
  if (!set.length) throw new Error('The evaluation set is empty.');
  const predictions: Prediction[] = [];
  const reference: Prediction[] = [];
  for (let i = 0; i < set.length; i += adapter.batchSize) {
    options.checkCancelled?.();
    const batch = set.slice(i, i + adapter.batchSize).map((s) => s.input);
    const feeds = adapter.toFeeds(batch);
    predictions.push(...adapter.decode(await model.run(feeds), batch.length));
    if (options.reference) reference.push(...adapter.decode(await options.reference.run(feeds), batch.length));
    options.onProgress?.(Math.min(set.length, i + batch.length), set.length);
  }
  const labels = set.map((s) => s.label);
  const agreed = options.reference ? agreement(predictions, reference) : undefined;
  const kept = options.keepSamples && adapter.metric === 'accuracy' ? sampleScores(predictions, labels, options.reference ? reference : undefined) : undefined;
  const ms = performance.now() - t0;
  if (labels.every((l) => l === '')) {
    if (!agreed) throw new Error('These samples have no labels: give a reference model to measure agreement instead.');
    const same = Math.round(agreed.top1Match * agreed.n);
    return { metric: 'agreement', value: agreed.top1Match, ci95: wilson(same, agreed.n), n: set.length, agreement: agreed, ms, samples: kept };
  }
  const result = adapter.metric === 'accuracy' ? accuracy(predictions, labels) : cer(predictions, labels);
  return { ...result, n: set.length, agreement: agreed, ms, samples: kept };
}

/** Softmax of each sample's scores, when every sample has a score vector of one length. */
function sampleScores(predictions: Prediction[], labels: string[], reference?: Prediction[]): SampleScores | undefined {
  const classes = predictions[0]?.scores?.length ?? 0;
  if (!classes || classes > MAX_CLASSES || predictions.some((p) => p.scores?.length !== classes)) return undefined;
  const probabilities = new Float32Array(predictions.length * classes);
  predictions.forEach((p, i) => probabilities.set(softmax(p.scores!), i * classes));
  return { probabilities, classes, labels, referenceLabels: reference?.map((r) => r.label) };
}

function accuracy(predictions: Prediction[], labels: string[]) {
  const correct = predictions.filter((p, i) => p.label === labels[i]).length;
  return { metric: 'accuracy' as const, value: correct / labels.length, ci95: wilson(correct, labels.length) };
}

/** Pooled CER (all edits / all characters) with a line-bootstrap interval around that same quantity. */
function cer(predictions: Prediction[], labels: string[]) {
  const edits = predictions.map((p, i) => characterErrors(p.label, labels[i]));
  const lengths = labels.map((l) => Math.max(1, [...l].length));
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const exact = edits.filter((e) => e === 0).length;
  return { metric: 'cer' as const, value: total(edits) / total(lengths), ci95: ratioBootstrap(edits, lengths), exactMatch: exact / labels.length };
}

export function agreement(predictions: Prediction[], reference: Prediction[]): Agreement {
  let same = 0, delta = 0, count = 0;
  predictions.forEach((p, i) => {
    const r = reference[i];
    if (p.label === r.label) same++;
    if (p.scores && r.scores) {
      const len = Math.min(p.scores.length, r.scores.length);
      for (let k = 0; k < len; k++) delta += Math.abs(p.scores[k] - r.scores[k]);
      count += len;
    }
  });
  return { top1Match: same / predictions.length, meanAbsDelta: count ? delta / count : 0, n: predictions.length };
}
