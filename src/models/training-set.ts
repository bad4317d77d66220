// A model's committed training set as the training engine reads it (src/engine/train/data.ts). Each sample's
// feeds are built once; a batch stacks them along the batch axis when every sample has the same shape (digits,
// language ID: the n-gram features cost more than a training step), and otherwise (sentences of different
// lengths) asks the adapter for the whole batch, as inference does.
import type { Text } from '../engine/i18n-text';
import type { Feeds, PlainTensor } from '../engine/tensor-data';
import type { TrainingSet } from '../engine/train/data';
import type { LabelledSample, ModelAdapter } from './types';

export function trainingSetOf<I>(adapter: ModelAdapter<I>, samples: LabelledSample<I>[], classLabels: readonly string[] | undefined, description: Text): TrainingSet {
  const labels = Int32Array.from(samples, (s) => (s.label && classLabels ? classLabels.indexOf(s.label) : -1));
  const unknown = samples.findIndex((s, i) => s.label && labels[i] < 0);
  if (unknown >= 0) throw new Error(`Training sample ${unknown} has label "${samples[unknown].label}", which is not one of the model's classes.`);
  const single = samples.map((s) => adapter.toFeeds([s.input]));
  const stackable = single.every((f) => sameShapes(f, single[0]));
  return {
    count: samples.length,
    labels,
    description,
    sizes: stackable ? undefined : Int32Array.from(single, (f) => Object.values(f)[0].data.length),
    feeds: (indices) => (stackable ? stack(indices.map((i) => single[i])) : adapter.toFeeds(indices.map((i) => samples[i].input))),
  };
}

function sameShapes(a: Feeds, b: Feeds): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((n) => b[n] && a[n].type === b[n].type && a[n].dims.join() === b[n].dims.join());
}

/** Concatenates batch-of-one feeds along axis 0. */
function stack(parts: Feeds[]): Feeds {
  const out: Feeds = {};
  for (const [name, first] of Object.entries(parts[0])) {
    const per = first.data.length;
    const data = new (first.data.constructor as new (n: number) => PlainTensor['data'])(per * parts.length);
    parts.forEach((p, i) => (data as Float32Array).set(p[name].data as Float32Array, i * per));
    out[name] = { type: first.type, dims: [parts.length, ...first.dims.slice(1)], data };
  }
  return out;
}
