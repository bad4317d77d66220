// The evaluation harness: runs a model over its labelled eval set and reports the metric with n and a 95%
// interval, plus agreement with a reference (fp32) model when one is given. Pure TS: runs in the worker and Node.
// Evaluation is per sample (outcomes), so it can stop after any sample and go on later (see eval-order.ts and
// progressive.ts): a complete set gets the plain figures, a part of it the stratified estimate for the whole.
import { softmax } from '../engine/classify';
import { wilson, wilsonAt, ratioBootstrap, stratifiedRatio, stratifiedRatioBootstrap, type Interval, type Stratum } from '../engine/confidence';
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

export type EvalMetric = 'accuracy' | 'cer' | 'agreement';

export interface EvalResult {
  /** 'agreement' when the samples have no labels (an uploaded model on synthetic inputs): top-1 match with fp32. */
  metric: EvalMetric;
  /** accuracy / agreement in 0..1, or CER in 0..1 (total edit distance / total label characters). */
  value: number;
  ci95: Interval;
  /** Samples evaluated ... */
  n: number;
  /** ... of this many in the set (absent: n is the whole set). Below it, value and interval are the stratified
   * estimate for the whole set. */
  total?: number;
  /** How a partial result's sample was stratified. */
  stratifiedBy?: StratifiedBy;
  /** OCR: share of lines recognised exactly. */
  exactMatch?: number;
  agreement?: Agreement;
  ms: number;
  /** Per-sample class probabilities (with keepSamples, for classifiers): what an ensemble of panes averages. */
  samples?: SampleScores;
}

export type StratifiedBy = 'label' | 'script-length' | 'none';

/** What one sample gave: enough to recompute every figure for any subset. */
export interface SampleOutcome {
  /** The sample's index in the eval set (file order). */
  sample: number;
  /** accuracy / agreement metric: 1 when right (same top-1 for agreement); CER: the edit distance. */
  value: number;
  /** CER: label characters (at least 1); otherwise 1. */
  size: number;
  /** Against the reference model: same top-1 label, and Σ|Δscore| over `deltaCount` scores. */
  sameTop1?: boolean;
  absDelta?: number;
  deltaCount?: number;
  /** With keepSamples (classifiers): softmax of the scores, the label and the reference's top label. */
  kept?: KeptScores;
}

export interface KeptScores {
  probabilities: Float32Array;
  label: string;
  referenceLabel?: string;
}

/** What the summaries need to know about the set: its metric, size and strata. */
export interface EvalPlan {
  metric: EvalMetric;
  total: number;
  /** Stratum of each sample by file index, and the strata's sizes in the whole set. */
  stratumOf: readonly number[];
  sizes: readonly number[];
  stratifiedBy: StratifiedBy;
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

export interface OutcomeOptions {
  reference?: OpenModel;
  /** Reference predictions by sample index: filled as the reference runs, and read instead of running it again. */
  referenceCache?: Map<number, Prediction>;
  /** The model *is* the reference (same bytes, same backend): its predictions fill the cache without a second run. */
  selfReference?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Asked after each batch with the count done so far: true stops there. */
  stop?: (done: number) => boolean;
  checkCancelled?: () => void;
  /** Keep each sample's class probabilities (see SampleOutcome.kept): what an ensemble of panes averages. */
  keepSamples?: boolean;
}

/** Evaluates `indices` (sample indices, in this order) in batches; returns one outcome per sample evaluated. */
export async function evaluateOutcomes<I>(adapter: ModelAdapter<I>, model: OpenModel, samples: readonly LabelledSample<I>[], indices: readonly number[], options: OutcomeOptions = {}): Promise<SampleOutcome[]> {
  const outcomes: SampleOutcome[] = [];
  const cache = options.referenceCache;
  for (let i = 0; i < indices.length; i += adapter.batchSize) {
    options.checkCancelled?.();
    const ids = indices.slice(i, i + adapter.batchSize);
    const batch = ids.map((k) => samples[k].input);
    const feeds = adapter.toFeeds(batch);
    const predictions = adapter.decode(await model.run(feeds), batch.length);
    let reference: Prediction[] | undefined;
    if (options.selfReference) {
      reference = predictions;
      ids.forEach((k, j) => cache?.set(k, predictions[j]));
    } else if (options.reference) {
      const cached = ids.map((k) => cache?.get(k));
      if (cached.every((p) => p)) reference = cached as Prediction[];
      else {
        reference = adapter.decode(await options.reference.run(feeds), batch.length);
        ids.forEach((k, j) => cache?.set(k, reference![j]));
      }
    }
    const keep = options.keepSamples && adapter.metric === 'accuracy';
    ids.forEach((k, j) => outcomes.push(outcome(adapter.metric, k, samples[k].label, predictions[j], reference?.[j], keep)));
    options.onProgress?.(Math.min(indices.length, i + batch.length), indices.length);
    if (options.stop?.(outcomes.length)) break;
  }
  return outcomes;
}

function outcome(metric: 'accuracy' | 'cer', sample: number, label: string, p: Prediction, r: Prediction | undefined, keep = false): SampleOutcome {
  const o: SampleOutcome = metric === 'cer' && label !== ''
    ? { sample, value: characterErrors(p.label, label), size: Math.max(1, [...label].length) }
    : { sample, value: label === '' ? 0 : Number(p.label === label), size: 1 };
  if (r) {
    o.sameTop1 = p.label === r.label;
    let delta = 0, count = 0;
    if (p.scores && r.scores) {
      const len = Math.min(p.scores.length, r.scores.length);
      for (let k = 0; k < len; k++) delta += Math.abs(p.scores[k] - r.scores[k]);
      count = len;
    }
    o.absDelta = delta;
    o.deltaCount = count;
    if (label === '') o.value = Number(o.sameTop1); // unlabelled: the metric is agreement itself
  }
  if (keep && p.scores && p.scores.length <= MAX_CLASSES) o.kept = { probabilities: softmax(p.scores), label, ...(r ? { referenceLabel: r.label } : {}) };
  return o;
}

/** The plan for a whole set in file order, unstratified: what evaluate() reports. */
export function plainPlan(metric: EvalMetric, total: number): EvalPlan {
  return { metric, total, stratumOf: Array(total).fill(0), sizes: [total], stratifiedBy: 'none' };
}

export function metricOf<I>(adapter: ModelAdapter<I>, samples: readonly LabelledSample<I>[]): EvalMetric {
  return samples.every((s) => s.label === '') ? 'agreement' : adapter.metric;
}

/**
 * The figures for the outcomes so far. The complete set gets the plain ones (Wilson; CER's line bootstrap in file
 * order), so a finished progressive run prints exactly what a one-shot evaluate() does; a part of the set gets the
 * stratified estimate for the whole set, each stratum weighted by its share of it (see eval-order.ts).
 */
export function summarizeOutcomes(plan: EvalPlan, outcomes: readonly SampleOutcome[], ms = 0): EvalResult {
  const n = outcomes.length;
  if (!n) throw new Error('The evaluation set is empty.');
  const sorted = [...outcomes].sort((a, b) => a.sample - b.sample);
  const complete = n >= plan.total;
  const byStratum = (value: (o: SampleOutcome) => number, size: (o: SampleOutcome) => number): Stratum[] =>
    plan.sizes.map((count, h) => {
      const mine = sorted.filter((o) => plan.stratumOf[o.sample] === h);
      return { weight: count / plan.total, num: mine.map(value), den: mine.map(size) };
    });
  const proportion = (value: (o: SampleOutcome) => number): { p: number; ci95: Interval } => {
    if (complete) {
      const k = sorted.reduce((a, o) => a + value(o), 0);
      return { p: k / n, ci95: wilson(k, n) };
    }
    const p = stratifiedRatio(byStratum(value, () => 1));
    return { p, ci95: wilsonAt(p, n) };
  };
  const withReference = sorted.every((o) => o.sameTop1 !== undefined);
  const agreement = withReference ? agreementOf(sorted, proportion((o) => Number(o.sameTop1)).p) : undefined;
  const base = { n, total: plan.total, ms, ...(complete ? {} : { stratifiedBy: plan.stratifiedBy }), ...(agreement ? { agreement } : {}) };
  if (plan.metric === 'cer') {
    const edits = sorted.map((o) => o.value), chars = sorted.map((o) => o.size);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const exact = proportion((o) => Number(o.value === 0)).p;
    if (complete) return { ...base, metric: 'cer', value: sum(edits) / sum(chars), ci95: ratioBootstrap(edits, chars), exactMatch: exact };
    const strata = byStratum((o) => o.value, (o) => o.size);
    return { ...base, metric: 'cer', value: stratifiedRatio(strata), ci95: stratifiedRatioBootstrap(strata), exactMatch: exact };
  }
  const { p, ci95 } = proportion((o) => o.value);
  const samples = complete ? sampleScores(sorted) : undefined;
  return { ...base, metric: plan.metric, value: p, ci95, ...(samples ? { samples } : {}) };
}

/**
 * The kept probabilities of a complete set in file order, when every sample has a vector of one length: an
 * ensemble is scored on the same samples in both panes, so a part of the set (each pane at its own n) gives none.
 */
function sampleScores(sorted: readonly SampleOutcome[]): SampleScores | undefined {
  const classes = sorted[0]?.kept?.probabilities.length ?? 0;
  if (!classes || sorted.some((o) => o.kept?.probabilities.length !== classes)) return undefined;
  const probabilities = new Float32Array(sorted.length * classes);
  sorted.forEach((o, i) => probabilities.set(o.kept!.probabilities, i * classes));
  const withReference = sorted.every((o) => o.kept!.referenceLabel !== undefined);
  return { probabilities, classes, labels: sorted.map((o) => o.kept!.label), ...(withReference ? { referenceLabels: sorted.map((o) => o.kept!.referenceLabel!) } : {}) };
}

function agreementOf(outcomes: readonly SampleOutcome[], top1Match: number): Agreement {
  const delta = outcomes.reduce((a, o) => a + (o.absDelta ?? 0), 0);
  const count = outcomes.reduce((a, o) => a + (o.deltaCount ?? 0), 0);
  return { top1Match, meanAbsDelta: count ? delta / count : 0, n: outcomes.length };
}

/** The whole set (or its first `limit` samples), in one go: the plain figures with n and a 95% interval. */
export async function evaluate<I>(adapter: ModelAdapter<I>, model: OpenModel, samples: LabelledSample<I>[], options: EvalOptions = {}): Promise<EvalResult> {
  const t0 = performance.now();
  const set = options.limit ? samples.slice(0, options.limit) : samples;
  if (!set.length) throw new Error('The evaluation set is empty.');
  const metric = metricOf(adapter, set);
  if (metric === 'agreement' && !options.reference) throw new Error('These samples have no labels: give a reference model to measure agreement instead.');
  const outcomes = await evaluateOutcomes(adapter, model, set, set.map((_, i) => i), options);
  return summarizeOutcomes(plainPlan(metric, set.length), outcomes, performance.now() - t0);
}
