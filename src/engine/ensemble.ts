// Ensembles (the textbook ensemble_predictions): average the members' class probabilities per sample and take
// the top class. Pure arithmetic on per-sample probabilities the eval harness kept, so it is unit-tested exactly.
import { wilson, type Interval } from './confidence';

/** Per-sample class probabilities of one model on an eval set (see models/evaluate.ts keepSamples). */
export interface SampleScores {
  /** n × classes, row-major; each row sums to 1 (softmax of the model's scores). */
  probabilities: Float32Array;
  classes: number;
  /** The expected label of each sample ('' when the samples have no labels). */
  labels: string[];
  /** The fp32 reference's top label of each sample, when a reference ran. */
  referenceLabels?: string[];
}

export interface ClassProbability {
  index: number;
  label: string;
  probability: number;
}

/** Element-wise mean of the members' probability vectors (all the same length). */
export function averageProbabilities(members: readonly ArrayLike<number>[]): Float32Array {
  if (!members.length) throw new Error('An ensemble needs at least one member.');
  const n = members[0].length;
  if (members.some((m) => m.length !== n)) throw new Error(`Ensemble members give different numbers of scores (${members.map((m) => m.length).join(' vs ')}).`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const m of members) s += m[i];
    out[i] = s / members.length;
  }
  return out;
}

/** The k most probable classes (ties: lower index first). */
export function topClasses(p: ArrayLike<number>, labels: readonly string[], k: number): ClassProbability[] {
  return Array.from(p, (probability, index) => ({ index, label: labels[index] ?? String(index), probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}

export interface EnsembleResult {
  metric: 'accuracy' | 'agreement';
  /** accuracy on the labels, or (no labels) top-1 agreement with the fp32 reference. */
  value: number;
  ci95: Interval;
  n: number;
  /** Share of samples whose ensemble top-1 equals the fp32 model's top-1. */
  agreement?: number;
  /** Share of samples on which the two members already agree with each other. */
  membersAgree: number;
}

/** Scores the average of the members' probabilities on the eval set they were all measured on. */
export function evaluateEnsemble(members: readonly SampleScores[], classLabels: readonly string[]): EnsembleResult {
  const [first] = members;
  const n = first.labels.length;
  for (const m of members) {
    if (m.classes !== first.classes || m.labels.length !== n || m.labels.some((l, i) => l !== first.labels[i])) {
      throw new Error('The ensemble members were measured on different samples or classes: measure both again.');
    }
  }
  const c = first.classes;
  const label = (p: ArrayLike<number>) => topClasses(p, classLabels, 1)[0].label;
  let correct = 0, sameAsRef = 0, agree = 0;
  const reference = first.referenceLabels;
  for (let i = 0; i < n; i++) {
    const rows = members.map((m) => m.probabilities.subarray(i * c, (i + 1) * c));
    const predicted = label(averageProbabilities(rows));
    if (predicted === first.labels[i]) correct++;
    if (reference && predicted === reference[i]) sameAsRef++;
    if (new Set(rows.map(label)).size === 1) agree++;
  }
  const labelled = first.labels.some((l) => l !== '');
  if (!labelled && !reference) throw new Error('These samples have no labels and no fp32 reference: nothing to score the ensemble against.');
  const hits = labelled ? correct : sameAsRef;
  return {
    metric: labelled ? 'accuracy' : 'agreement', value: hits / n, ci95: wilson(hits, n), n,
    agreement: reference ? sameAsRef / n : undefined, membersAgree: agree / n,
  };
}
