// Where a pane's model comes from and how its inputs are made: the registry's adapter and eval set for builtin
// models; for uploads, the user's input shapes and samples (or synthetic inputs) and fp32-agreement.
import { decodeModel } from '../engine/onnx';
import { summarizeModel, type ModelSummary } from '../engine/model-info';
import { getModel } from '../models/registry';
import type { LabelledSample, ModelAdapter } from '../models/types';
import type { ModelSource } from './lab-api';
import { uploadInputs, type UploadInputsReport } from './upload-inputs';

export interface LabModel {
  name: string;
  bytes: Uint8Array;
  summary: ModelSummary;
  adapter: ModelAdapter<unknown>;
  samples: LabelledSample<unknown>[];
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
  const [bytes, evalBytes, adapter] = await Promise.all([
    fetchBytes(entry.modelUrl, 'model'),
    fetchBytes(entry.evalUrl, 'evaluation set'),
    entry.loadAdapter(),
  ]);
  return { name: entry.id, bytes, summary: summarizeModel(decodeModel(bytes)), adapter, samples: adapter.parseEvalSet(evalBytes) };
}
