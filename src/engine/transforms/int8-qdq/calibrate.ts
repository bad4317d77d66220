// Calibration for static quantization: run sample inputs through a copy of the float model whose graph outputs also
// expose the activations to quantize, and record each activation's range (min/max, or a percentile that ignores
// rare outliers, computed from a 2048-bin histogram as ORT's HistogramCalibrater does).
import { DataType, create, encodeModel, type ModelProto } from '../../onnx';
import { text } from '../../i18n-text';
import type { Feeds, OpenModel, PlainTensor } from '../../tensor-data';
import type { TransformContext } from '../types';

export interface Range { min: number; max: number }
export type CalibrationMethod = 'minmax' | 'percentile';

const BINS = 2048;

/** Throws a message that tells the user what to provide, before the model is touched. */
export function requireCalibration(model: ModelProto, ctx: TransformContext): Feeds[] {
  const samples = ctx.calibration ?? [];
  if (!samples.length) {
    throw new Error('int8 static (QDQ) quantization needs calibration data: a few typical sample inputs for the model (for a built-in model, its eval set; for your own model, add sample inputs). Without them, use int8 dynamic instead.');
  }
  if (!ctx.runner) throw new Error('int8 static (QDQ) quantization needs a model runner to run the calibration samples (internal error: none was given).');
  const inits = new Set(model.graph!.initializer.map((t) => t.name));
  const inputs = model.graph!.input.map((i) => i.name).filter((n) => !inits.has(n));
  samples.forEach((feeds, i) => {
    const missing = inputs.filter((n) => !(n in feeds));
    if (missing.length) throw new Error(`Calibration sample ${i + 1} lacks input ${missing.map((m) => `"${m}"`).join(', ')} (the model's inputs are: ${inputs.join(', ')}).`);
  });
  return samples;
}

function floats(t: PlainTensor | undefined, name: string): Float32Array {
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`calibration: tensor "${name}" did not come back as float32`);
  return t.data;
}

function updateRange(r: Range, data: Float32Array): void {
  let { min, max } = r;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v; // NaN never wins either comparison
  }
  r.min = min;
  r.max = max;
}

function addToHistogram(hist: Float64Array, r: Range, data: Float32Array): void {
  const width = (r.max - r.min) / BINS;
  if (!(width > 0)) return;
  const inv = 1 / width;
  for (let i = 0; i < data.length; i++) {
    const b = Math.floor((data[i] - r.min) * inv);
    if (b >= 0) hist[b < BINS ? b : BINS - 1]++;
  }
}

function percentileRange(hist: Float64Array, r: Range, p: number): Range {
  const total = hist.reduce((a, b) => a + b, 0);
  if (!total) return r;
  const width = (r.max - r.min) / BINS;
  const lowTarget = total * (1 - p / 100);
  const highTarget = total * (p / 100);
  let acc = 0;
  let lo = 0;
  while (lo < BINS - 1 && acc + hist[lo] <= lowTarget) acc += hist[lo++];
  acc = 0;
  let hi = 0;
  while (hi < BINS - 1 && acc + hist[hi] < highTarget) acc += hist[hi++];
  return { min: r.min + lo * width, max: r.min + (hi + 1) * width };
}

/** Model bytes whose outputs are the original ones plus `tensors` (typed float32). */
function withExtraOutputs(model: ModelProto, tensors: string[]): Uint8Array {
  const graph = model.graph!;
  const before = graph.output;
  const have = new Set(before.map((o) => o.name));
  const extra = tensors.filter((t) => !have.has(t)).map((name) => create.valueInfo({ name, type: { tensorType: { elemType: DataType.FLOAT } } }));
  graph.output = [...before, ...extra];
  try {
    return encodeModel(model);
  } finally {
    graph.output = before;
  }
}

async function runAll(open: OpenModel, samples: Feeds[], tensors: string[], visit: (name: string, data: Float32Array) => void, ctx: TransformContext, from: number, to: number): Promise<void> {
  for (const [i, feeds] of samples.entries()) {
    ctx.checkCancelled?.();
    ctx.onProgress?.(from + ((to - from) * i) / samples.length, text(`calibration sample ${i + 1}/${samples.length}`, `校准样本 ${i + 1}/${samples.length}`));
    const out = await open.run(feeds);
    for (const name of tensors) visit(name, name in feeds ? floats(feeds[name], name) : floats(out[name], name));
  }
}

/** Observed range of each tensor over all samples. Progress is reported within [from, to]. */
export async function calibrate(model: ModelProto, tensors: string[], samples: Feeds[], ctx: TransformContext, method: CalibrationMethod, percentile: number, from: number, to: number): Promise<Map<string, Range>> {
  const ranges = new Map(tensors.map((t) => [t, { min: Infinity, max: -Infinity }]));
  const inGraph = tensors.filter((t) => !(t in samples[0]));
  const open = await ctx.runner!.open(withExtraOutputs(model, inGraph));
  try {
    const mid = method === 'percentile' ? (from + to) / 2 : to;
    await runAll(open, samples, tensors, (name, data) => updateRange(ranges.get(name)!, data), ctx, from, mid);
    if (method === 'percentile') {
      const hists = new Map(tensors.map((t) => [t, new Float64Array(BINS)]));
      await runAll(open, samples, tensors, (name, data) => addToHistogram(hists.get(name)!, ranges.get(name)!, data), ctx, mid, to);
      for (const t of tensors) ranges.set(t, percentileRange(hists.get(t)!, ranges.get(t)!, percentile));
    }
  } finally {
    await open.close();
  }
  for (const r of ranges.values()) if (!Number.isFinite(r.min) || !Number.isFinite(r.max)) Object.assign(r, { min: 0, max: 0 });
  return ranges;
}
