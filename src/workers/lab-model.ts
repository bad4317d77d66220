// Where a pane's model comes from and how its inputs are made: the registry's adapter and eval set for builtin
// models; synthetic inputs and fp32-agreement for uploads.
import { decodeModel } from '../engine/onnx';
import { summarizeModel, type ModelSummary } from '../engine/model-info';
import { syntheticFeeds } from '../engine/synthetic-inputs';
import { argmax } from '../engine/classify';
import type { Feeds, PlainTensor } from '../engine/tensor-data';
import { getModel } from '../models/registry';
import type { LabelledSample, ModelAdapter, Prediction } from '../models/types';
import type { ModelSource } from './lab-api';

export interface LabModel {
  name: string;
  bytes: Uint8Array;
  summary: ModelSummary;
  adapter: ModelAdapter<unknown>;
  samples: LabelledSample<unknown>[];
}

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch the ${what} (${response.status} ${response.statusText}).`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function openModel(source: ModelSource): Promise<LabModel> {
  if (source.kind === 'upload') {
    const summary = summarizeModel(decodeModel(source.bytes));
    return { name: source.name, bytes: source.bytes, summary, adapter: syntheticAdapter(summary), samples: syntheticSamples(16) };
  }
  const entry = getModel(source.id);
  if (entry.stages) throw new Error(`${entry.id} is a multi-stage model: the staged lab service opens it (see lab-router.ts).`);
  const [bytes, evalBytes, adapter] = await Promise.all([
    fetchBytes(entry.modelUrl, 'model'),
    fetchBytes(entry.evalUrl, 'evaluation set'),
    entry.loadAdapter(),
  ]);
  return { name: entry.id, bytes, summary: summarizeModel(decodeModel(bytes)), adapter, samples: adapter.parseEvalSet(evalBytes) };
}

/** Synthetic "samples" are seeds; their label is unknown (empty), so only agreement with fp32 is measured. */
function syntheticSamples(n: number): LabelledSample<unknown>[] {
  return Array.from({ length: n }, (_, i) => ({ input: i + 1, label: '' }));
}

function syntheticAdapter(summary: ModelSummary): ModelAdapter<unknown> {
  return {
    metric: 'accuracy',
    batchSize: 1,
    toFeeds: (inputs): Feeds => syntheticFeeds(summary.inputs, Number(inputs[0] ?? 1)),
    decode(outputs: Record<string, PlainTensor>): Prediction[] {
      const first = Object.values(outputs)[0];
      const scores = first.data instanceof Float32Array ? first.data : Float32Array.from(first.data as ArrayLike<number>, Number);
      return [{ label: String(argmax(scores)), scores }];
    },
    parseEvalSet: () => [],
  };
}
