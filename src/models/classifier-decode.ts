// Decoding shared by classifiers whose first output is [N, classes] scores (logits or probabilities).
import { topK } from '../engine/classify';
import type { PlainTensor } from '../engine/tensor-data';
import type { Prediction } from './types';

export function decodeClassifier(outputs: Record<string, PlainTensor>, count: number, labels: readonly string[], k = 3): Prediction[] {
  const first = Object.values(outputs)[0];
  if (!first || !(first.data instanceof Float32Array)) throw new Error('The model gave no float32 scores to read classes from.');
  const classes = first.data.length / count;
  if (classes !== labels.length) throw new Error(`The model gives ${classes} scores per input, but the task has ${labels.length} labels.`);
  return Array.from({ length: count }, (_, i) => {
    const scores = first.data.slice(i * classes, (i + 1) * classes) as Float32Array;
    const top = topK(scores, labels, k);
    return { label: top[0].label, top, scores };
  });
}
