// The contract every compression technique follows (Squoosh style): a folder per technique with `meta.ts`
// (its options as data, so the UI renders controls from it) and `transform.ts` (a pure function on a model).
import type { ModelProto } from '../onnx';
import type { Feeds, ModelRunner } from '../tensor-data';
import type { Text } from '../i18n-text';
import type { RawSize } from '../size';
import type { TrainingProgress, TrainingSet, TrainingSummary } from '../train/data';

export type TransformId = 'fp16' | 'int8-dynamic' | 'int8-qdq' | 'int4' | 'prune-unstructured' | 'prune-structured' | 'low-rank'
  | 'recover' | 'distill'
  | 'refit' | 'bias-correction' | 'bn-recalibration';

export type OptionValue = number | string | boolean;

/** Shown only while another option has one of these values (percentile only under percentile calibration). */
export interface OptionCondition {
  key: string;
  values: OptionValue[];
}

export type OptionSchema = (
  | { kind: 'number'; key: string; label: Text; help?: Text; min: number; max: number; step: number; unit?: string }
  | { kind: 'select'; key: string; label: Text; help?: Text; choices: { value: string | number; label: Text }[] }
  | { kind: 'boolean'; key: string; label: Text; help?: Text }
) & { visibleWhen?: OptionCondition };

/** A caveat the UI shows next to the control; `when` says in which situation it applies. */
export interface Caveat {
  /** 'synthetic-inputs': an upload measured on synthetic inputs only (no samples of the user's). */
  when: 'always' | 'webgpu' | 'wasm' | 'no-matmul' | 'has-conv' | 'synthetic-inputs' | 'no-training-data';
  text: Text;
}

export interface TransformMeta<O extends Record<string, OptionValue> = Record<string, OptionValue>> {
  id: TransformId;
  label: Text;
  /** One or two sentences: what it does and what it is good for. */
  summary: Text;
  options: OptionSchema[];
  defaults: O;
  caveats: Caveat[];
  /** Trains on the model's training data (the worker fetches it for recipes with such a step). */
  trains?: boolean;
  /**
   * Techniques that run the model on sample inputs: how many they read, fixed or from one of their options.
   * The worker builds that many calibration feeds (and keys cached variants by its thread count).
   */
  calibration?: { samples: number } | { samplesOption: string };
  /** Repairs what an earlier step of the recipe damaged (recovery): meaningless on its own, e.g. in layer sensitivity. */
  repairs?: boolean;
}

/** What happened to one layer (weight tensor / node). */
export interface LayerReport {
  node: string;
  op: string;
  /** The subgraph holding the node, e.g. `If "if_0" then_branch`; absent for the main graph. */
  graph?: string;
  action: 'changed' | 'skipped';
  /** Why skipped, or what changed (e.g. "per-channel int8, 128 channels", "sparsity 50.0%"), in both languages. */
  detail: Text;
  paramsBefore: number;
  paramsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
  sparsity?: number;
  /** Quantization: relative RMSE of the dequantized weights, over the tensor and in its worst channel. */
  weightError?: number;
  worstChannelError?: number;
  /**
   * Training-free recovery: relative RMSE of this layer's output against the reference model's same layer
   * (on the calibration samples), before and after the step.
   */
  outputErrorBefore?: number;
  outputErrorAfter?: number;
}

/** A recipe step as the pipeline ran it (options resolved). */
export interface AppliedStep {
  transform: TransformId;
  options: Record<string, OptionValue>;
  exclude?: string[];
}

export interface TransformContext {
  /** `training`: the latest point of a training run, for the live loss curve. */
  onProgress?: (fraction: number, message: Text, training?: TrainingProgress) => void;
  /** Sample inputs for calibration (static quantization); the model's eval set supplies them. */
  calibration?: Feeds[];
  /** Which samples `calibration` holds, for reports (e.g. "taken evenly from the 2,000 eval samples; they are scored too"). */
  calibrationNote?: Text;
  /** Runs models for calibration; given by the worker (ORT) or tests. */
  runner?: ModelRunner;
  /** Checked between layers; throwing from here aborts the transform. */
  checkCancelled?: () => void;
  /** Node names this step must leave untouched (mixed recipes from layer sensitivity); report them as skipped. */
  exclude?: ReadonlySet<string>;
  /**
   * The model bytes each step of the recipe started from, this step's own input last: `history[0]` is the recipe's
   * input (the uncompressed model). Recovery steps (fine-tuning, refits) read their teacher / reference from it.
   * Set by applyRecipe; a transform called directly gets none.
   */
  history?: readonly Uint8Array[];
  /** The steps before this one; `history[i]` is what step i started from. Set by applyRecipe. */
  previousSteps?: readonly AppliedStep[];
  /** Runs steps on other model bytes with this context (a recovery step re-applies the quantization it trained for). */
  replay?: (bytes: Uint8Array, steps: readonly AppliedStep[]) => Promise<Uint8Array>;
  /** The model's training data (never its eval set), for steps that train; absent for models without one. */
  training?: TrainingSet;
}

export interface TransformOutcome {
  layers: LayerReport[];
  /** Lines shown above the step's layer report. */
  warnings: Text[];
  /** Steps that train: how the training went (loss curve, steps, time). */
  training?: TrainingSummary;
  /**
   * Measured problems the user must see before trusting the result (a per-tensor scale that wiped out channels,
   * weights left alone because they hold NaN, a step that changed nothing): the UI shows them next to the step's
   * control, like the technique's own caveats, and not only in the collapsed report.
   */
  caveats?: Text[];
  /** The transform left the model exactly as it was: the pipeline passes the input bytes through unchanged. */
  unchanged?: boolean;
}

export interface Transform<O extends Record<string, OptionValue> = Record<string, OptionValue>> {
  meta: TransformMeta<O>;
  /** Mutates `model` in place (the pipeline gives each step a freshly decoded model). Must be deterministic. */
  apply(model: ModelProto, options: O, ctx: TransformContext): Promise<TransformOutcome> | TransformOutcome;
}

export interface StepReport extends TransformOutcome {
  transform: TransformId;
  options: Record<string, OptionValue>;
  /** File sizes around the step (gzip is measured for the whole recipe only: see pipeline.ts). */
  before: RawSize;
  after: RawSize;
  paramsChanged: number;
  ms: number;
}
