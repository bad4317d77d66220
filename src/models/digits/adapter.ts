// Digits CNN: input `input` [N,1,28,28] in 0..1 (ink 1), output `logits` [N,10].
import { decodeClassifier } from '../classifier-decode';
import type { ModelAdapter } from '../types';
import { DIGIT_PIXELS, parseDigitEvalSet, type DigitEvalSet } from './eval-set';
import { parseDigitTrainSet } from './train-set';

export const DIGIT_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Inputs are 784 floats each (already preprocessed: see preprocess.ts). */
export const digitsAdapter: ModelAdapter<Float32Array> = {
  metric: 'accuracy',
  batchSize: 100,
  toFeeds(inputs) {
    const data = new Float32Array(inputs.length * DIGIT_PIXELS);
    inputs.forEach((x, i) => data.set(x, i * DIGIT_PIXELS));
    return { input: { type: 'float32', dims: [inputs.length, 1, 28, 28], data } };
  },
  decode: (outputs, count) => decodeClassifier(outputs, count, DIGIT_LABELS),
  parseEvalSet: (bytes) => samplesOf(parseDigitEvalSet(bytes)),
  parseTrainSet: (bytes) => samplesOf(parseDigitTrainSet(bytes)),
};

function samplesOf(set: DigitEvalSet) {
  return Array.from({ length: set.n }, (_, i) => ({
    input: Float32Array.from(set.pixels.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS), (v) => v / 255),
    label: String(set.labels[i]),
  }));
}
