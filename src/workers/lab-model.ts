// Where a pane's model comes from and how its inputs are made: the registry's adapter and eval set for builtin
// models; for uploads, the user's input shapes and samples (or synthetic inputs) and fp32-agreement.
import { decodeModel } from '../engine/onnx';
import { summarizeModel, type ModelSummary } from '../engine/model-info';
import { getModel } from '../models/registry';
import type { LabelledSample, ModelAdapter } from '../models/types';
import type { TrainingSet } from '../engine/train/data';
import { trainingSetOf } from '../models/training-set';
import type { ModelSource } from './lab-api';
import { uploadInputs, type UploadInputsReport } from './upload-inputs';

export interface LabModel {
  name: string;
  bytes: Uint8Array;
  summary: ModelSummary;
  adapter: ModelAdapter<unknown>;
  samples: LabelledSample<unknown>[];
  /** Builtin models with committed training data (fetched only when a recipe trains). */
  trainUrl?: string;
  /** Class names in output order (training labels map onto them). */
  labels?: string[];
  /** Uploads only: the input specs and how many samples are the user's. */
  inputs?: UploadInputsReport;
}

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch the ${what} (${response.status} ${response.statusText}).`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function openModel(source: ModelSource): Promise<LabModel> {
  if (source.kind === 'upload') {
    const summary = summarizeModel(decodeModel(source.bytes));
    const { adapter, samples, report } = await uploadInputs(summary, source.name, source.inputs);
    return { name: source.name, bytes: source.bytes, summary, adapter, samples, inputs: report };
  }
  const entry = getModel(source.id);
  if (entry.stages) throw new Error(`${entry.id} is a multi-stage model: the staged lab service opens it (see lab-router.ts).`);
  const [bytes, evalBytes, adapter] = await Promise.all([
    fetchBytes(entry.modelUrl, 'model'),
    fetchBytes(entry.evalUrl, 'evaluation set'),
    entry.loadAdapter(),
  ]);
  return {
    name: entry.id, bytes, summary: summarizeModel(decodeModel(bytes)), adapter, samples: adapter.parseEvalSet(evalBytes),
    trainUrl: adapter.parseTrainSet ? entry.trainUrl : undefined, labels: entry.labels,
  };
}

/** The model's training set for recovery and distillation; undefined when ModelLab has none for it. */
export async function loadTrainingSet(m: LabModel): Promise<TrainingSet | undefined> {
  if (!m.trainUrl || !m.adapter.parseTrainSet) return undefined;
  const samples = m.adapter.parseTrainSet(await fetchBytes(m.trainUrl, 'training set'));
  const n = samples.length.toLocaleString('en-US');
  return trainingSetOf(m.adapter, samples, m.labels, { en: `the ${n} training samples`, zh: `${n} 个训练样本` });
}
