// What a training run reads: samples the model's adapter turns into feeds, with labels where there are any.
// Built by the worker from the model's committed training set (src/models/training-set.ts); never the eval set.
import type { Text } from '../i18n-text';
import type { Feeds } from '../tensor-data';

export interface TrainingSet {
  count: number;
  /** Feeds for the samples `indices` (one batch), built as the model's adapter builds them for inference. */
  feeds(indices: readonly number[]): Feeds;
  /** Per sample: the index of its class in the model's output, or -1 when the sample has no label. */
  labels: Int32Array;
  /** What the data is, for reports ("8,000 MNIST training digits"). */
  description: Text;
  /** Per sample: its size (e.g. tokens) when samples differ; batches of similar size then pad less. */
  sizes?: Int32Array;
}

/** A progress point of a training run, for the live loss curve. */
export interface TrainingProgress {
  step: number;
  steps: number;
  /** Mean loss over the steps since the previous point. */
  loss: number;
  seconds: number;
}

/** What a training step reports with its result (kept with the variant, so a cached variant still shows it). */
export interface TrainingSummary {
  steps: number;
  batchSize: number;
  learningRate: number;
  samples: number;
  seconds: number;
  stoppedBy: 'steps' | 'time';
  /** (step, loss) points, at most ~200 (means over the steps in between). */
  curve: [number, number][];
  lossStart: number;
  lossEnd: number;
  /** Share of training-batch samples where the student's top class equals the teacher's: first and last 5% of steps. */
  agreementStart: number;
  agreementEnd: number;
  trainedTensors: number;
  trainedValues: number;
  /** Values held at exactly zero (pruned weights). */
  frozenZeros: number;
  /** Tensors trained through simulated quantization (quantization-aware). */
  fakeQuantized: number;
}
