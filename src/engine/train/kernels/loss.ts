// Losses on logits [rows, classes], each writing dLoss/dlogits for the backward pass.
import type { Vec } from './vec';

/** Mean softmax cross-entropy over `count` rows; writes dLoss/dlogits. */
export function softmaxCrossEntropy(logits: Vec, labels: ArrayLike<number>, count: number, classes: number, dlogits: Vec): { loss: number; correct: number } {
  let loss = 0, correct = 0;
  for (let r = 0; r < count; r++) {
    const o = r * classes;
    let max = -Infinity, best = 0;
    for (let c = 0; c < classes; c++) if (logits[o + c] > max) { max = logits[o + c]; best = c; }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[o + c] - max);
    loss += Math.log(sum) + max - logits[o + labels[r]];
    if (best === labels[r]) correct++;
    for (let c = 0; c < classes; c++) dlogits[o + c] = (Math.exp(logits[o + c] - max) / sum - (c === labels[r] ? 1 : 0)) / count;
  }
  return { loss: loss / count, correct };
}

/** Softmax of logits / temperature, one row, into `out` (float64 for the loss sums). */
function softenedRow(z: Vec, o: number, classes: number, t: number, out: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, z[o + c] / t);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += (out[c] = Math.exp(z[o + c] / t - max));
  for (let c = 0; c < classes; c++) out[c] /= sum;
}

export interface DistillLoss {
  /** Mean over rows of T²·KL(teacher_T ‖ student_T) + labelledWeight·CE(label, student). */
  loss: number;
  kl: number;
  /** Mean cross-entropy over the labelled rows (NaN when none is labelled). */
  ce: number;
  /** Rows whose student argmax equals the teacher's. */
  agree: number;
}

/**
 * Knowledge distillation (Hinton et al. 2015): KL divergence between the teacher's and the student's softmax at
 * temperature T, scaled by T² so its gradient keeps the same size whatever T; plus, for rows with a label
 * (>= 0), cross-entropy with that label times `labelledWeight`. Writes dLoss/dlogits (mean over rows).
 */
export function distillationLoss(
  student: Vec, teacher: Vec, labels: ArrayLike<number> | null, count: number, classes: number,
  temperature: number, labelledWeight: number, dlogits: Vec,
): DistillLoss {
  const ps = new Float64Array(classes), pt = new Float64Array(classes), p1 = new Float64Array(classes);
  let kl = 0, ce = 0, labelled = 0, agree = 0;
  for (let r = 0; r < count; r++) {
    const o = r * classes;
    softenedRow(student, o, classes, temperature, ps);
    softenedRow(teacher, o, classes, temperature, pt);
    let rowKl = 0, bs = 0, bt = 0;
    for (let c = 0; c < classes; c++) {
      if (pt[c] > 0) rowKl += pt[c] * (Math.log(pt[c]) - Math.log(Math.max(ps[c], 1e-30)));
      if (student[o + c] > student[o + bs]) bs = c;
      if (teacher[o + c] > teacher[o + bt]) bt = c;
      // d(T² KL)/dz_s = T (p_s - p_t)
      dlogits[o + c] = (temperature * (ps[c] - pt[c])) / count;
    }
    kl += temperature * temperature * rowKl;
    if (bs === bt) agree++;
    const y = labels ? labels[r] : -1;
    if (y >= 0 && labelledWeight > 0) {
      softenedRow(student, o, classes, 1, p1);
      ce += -Math.log(Math.max(p1[y], 1e-30));
      labelled++;
      for (let c = 0; c < classes; c++) dlogits[o + c] += (labelledWeight * (p1[c] - (c === y ? 1 : 0))) / count;
    }
  }
  const meanCe = labelled ? ce / labelled : NaN;
  return { loss: kl / count + (labelled ? (labelledWeight * ce) / count : 0), kl: kl / count, ce: meanCe, agree };
}
