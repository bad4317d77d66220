// The inputs of an uploaded model, in its pane worker: the input specs (shapes and fills the user set, or the
// name-hint defaults), the user's samples (partial feeds the page decoded), and the adapter that turns a sample
// index or a synthetic seed into complete, shape-checked feeds. Also what every measurement says it ran on.
import { argmax } from '../engine/classify';
import type { Text } from '../engine/i18n-text';
import { buildFeeds } from '../engine/inputs/feeds';
import { resolveSpecs, specProblem } from '../engine/inputs/resolve';
import type { InputSpec, SavedInputs } from '../engine/inputs/spec';
import type { ModelSummary } from '../engine/model-info';
import { numbersOf, outputViews } from '../engine/output-views';
import { formatShape } from '../engine/samples/ndarray';
import { sha256Hex } from '../engine/size';
import type { Feeds, PlainTensor } from '../engine/tensor-data';
import type { LabelledSample, ModelAdapter, Prediction } from '../models/types';

/** The user's samples: for each, the tensors of the inputs it gives (other inputs are filled synthetically). */
export interface SampleSet {
  names: string[];
  feeds: Feeds[];
}

/** What the page sends with an upload: the shapes and fills chosen (remembered per model) and the samples. */
export interface InputSetup {
  saved?: SavedInputs;
  samples?: SampleSet;
  /** Counts the page's changes, so views that keep a worker of their own (sweep, sensitivity) know to reopen. */
  revision?: number;
}

/** Where the inputs of a measurement came from: the eval set, the user's samples, synthetic values, or the live input. */
export type InputSource = 'eval-set' | 'samples' | 'synthetic' | 'live';

export interface InputsUsed {
  source: InputSource;
  n: number;
}

export interface UploadInputsReport {
  specs: InputSpec[];
  samples: number;
  /** The first thing keeping the specs from making inputs (a dimension to give), if any. */
  problem?: Text;
  /** Hash of specs + samples: calibrated variants depend on it. */
  key: string;
}

/** A live input for an upload: a synthetic seed, or one of the user's samples. */
export type UploadInput = number | { sample: number };

/** Synthetic "samples" are seeds; their label is unknown (empty), so only agreement with fp32 is measured. */
const SYNTHETIC_SAMPLES = 16;

export interface UploadInputs {
  adapter: ModelAdapter<unknown>;
  samples: LabelledSample<unknown>[];
  report: UploadInputsReport;
}

export async function uploadInputs(summary: ModelSummary, modelName: string, setup: InputSetup = {}): Promise<UploadInputs> {
  const specs = resolveSpecs(summary.inputs, modelName, setup.saved);
  const problem = specProblem(specs);
  const given = problem ? [] : (setup.samples?.feeds ?? []);
  const toFeeds = (input: unknown): Feeds => {
    const chosen = input as UploadInput;
    if (typeof chosen === 'number') return buildFeeds(specs, chosen);
    const sample = given[chosen.sample];
    if (!sample) throw new Error(`Sample ${chosen.sample + 1} is gone: add your samples again.`);
    return buildFeeds(specs, chosen.sample + 1, sample);
  };
  given.forEach((_, i) => toFeeds({ sample: i })); // every sample is checked against the specs once, up front
  const samples = given.length
    ? given.map((_, i) => ({ input: { sample: i } as UploadInput, label: '' }))
    : Array.from({ length: SYNTHETIC_SAMPLES }, (_, i) => ({ input: (i + 1) as UploadInput, label: '' }));
  const adapter: ModelAdapter<unknown> = {
    metric: 'accuracy',
    batchSize: 1,
    toFeeds: (inputs) => toFeeds(inputs[0] ?? 1),
    decode: (outputs) => [decodeOutputs(outputs)],
    parseEvalSet: () => [],
  };
  const key = await sha256Hex(await inputsFingerprint(specs, given));
  return { adapter, samples, report: { specs, samples: given.length, problem, key } };
}

function decodeOutputs(outputs: Record<string, PlainTensor>): Prediction {
  const scores = numbersOf(Object.values(outputs)[0]);
  return { label: String(argmax(scores)), scores, outputs: outputViews(outputs) };
}

async function inputsFingerprint(specs: InputSpec[], samples: Feeds[]): Promise<string> {
  const hashes = await Promise.all(samples.flatMap((f) => Object.entries(f).map(async ([k, t]) => `${k}:${t.dims}:${await sha256Hex(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))}`)));
  return JSON.stringify({ specs: specs.map((s) => [s.name, s.dims, s.fill]), hashes });
}

/**
 * ORT's error (`explained` from `raw`, see explainOrtError), with the shapes the upload was fed: the user can change
 * them under "Input shapes". Errors that did not come from ORT (explained === raw) are left as they are.
 */
export function withInputShapes(explained: Error, raw: unknown, specs: readonly InputSpec[] | undefined): Error {
  if (!specs?.length || explained === raw) return explained;
  const shapes = specs.map((s) => `${s.name} ${formatShape(s.dims)}`).join(', ');
  return new Error(`${explained.message} (Inputs used: ${shapes}. Change their shapes under "Input shapes" if the model expects others.)`, { cause: explained });
}
