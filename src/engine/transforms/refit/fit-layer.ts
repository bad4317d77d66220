// Refits layers in two passes. The reference model never changes, so one pass over the calibration samples reads
// every target layer's reference output at once (only at the rows each layer will use). Then each layer in graph
// order: run the current model (earlier layers already refit) to that layer's input and output at the same rows,
// solve each group's ridge problem, write the weights, and report the output error before and after on those rows.
import type { ModelProto } from '../../onnx';
import type { Feeds, PlainTensor } from '../../tensor-data';
import type { TransformContext } from '../types';
import type { FloatLayer } from '../layer-fit/layers';
import { floatData, openProbe } from '../layer-fit/probe';
import { solveRidge } from '../layer-fit/solve';
import type { ConstantWriter } from '../layer-fit/write';
import type { Geometry } from './geometry';
import { fitsBias, readParams, writeParams } from './weights';

/** Rows wanted per unknown of a group's problem, at least MIN_ROWS, from at least MIN_SAMPLES samples when there are enough. */
const ROWS_PER_UNKNOWN = 32;
const MIN_ROWS = 1024;
const MIN_SAMPLES = 32;
/** Relative output error below which a layer counts as already matching the reference. */
const ALREADY_MATCHES = 1e-3;

export interface LayerPlan {
  layer: FloatLayer;
  geo: Geometry;
  /** The reference channel of each current output channel. */
  kept: Int32Array;
  /** Inputs per group including the bias column. */
  kb: number;
  target: number;
  perSample: number;
  /** Filled by the reference pass: which sample and output positions each row comes from, and its targets. */
  schedule: { sample: number; positions: number[] }[];
  rows: number;
  ref: Float32Array[];
}

export function planLayer(layer: FloatLayer, geo: Geometry, kept: Int32Array): LayerPlan {
  const kb = geo.k + (fitsBias(layer) ? 1 : 0);
  const target = Math.max(MIN_ROWS, ROWS_PER_UNKNOWN * kb);
  return { layer, geo, kept, kb, target, perSample: Math.max(1, Math.ceil(target / MIN_SAMPLES)), schedule: [], rows: 0, ref: [] };
}

/** Output positions of one sample a plan takes (evenly spread), or none once it has enough rows. */
function positionsFor(plan: LayerPlan, outDims: readonly number[]): number[] {
  const total = plan.geo.positions(outDims);
  const take = Math.min(total, plan.perSample, plan.target - plan.rows);
  return Array.from({ length: Math.max(0, take) }, (_, t) => Math.floor(((t + 0.5) * total) / take));
}

/** The reference pass: fills each plan's schedule and reference rows. Returns how many samples it read. */
export async function readReference(reference: ModelProto, plans: LayerPlan[], samples: readonly Feeds[], ctx: TransformContext): Promise<number> {
  for (const p of plans) p.ref = Array.from({ length: p.geo.groups }, () => new Float32Array((p.target) * p.geo.m));
  const probe = await openProbe(reference, plans.map((p) => p.layer.node.output[0]), ctx);
  let used = 0;
  try {
    for (const [s, feeds] of samples.entries()) {
      if (plans.every((p) => p.rows >= p.target)) break;
      const out = await probe.run(feeds);
      used++;
      for (const plan of plans) {
        if (plan.rows >= plan.target) continue;
        const y = out[plan.layer.node.output[0]];
        const positions = positionsFor(plan, y.dims);
        if (!positions.length) continue;
        plan.schedule.push({ sample: s, positions });
        const data = floatData(y, plan.layer.node.output[0]);
        const { geo } = plan;
        for (const p of positions) {
          for (let o = 0; o < geo.groups * geo.m; o++) plan.ref[Math.floor(o / geo.m)][plan.rows * geo.m + (o % geo.m)] = data[geo.outIndex(y.dims, p, plan.kept[o])];
          plan.rows++;
        }
      }
    }
  } finally {
    await probe.close();
  }
  return used;
}

export interface FitResult {
  samples: number;
  rows: number;
  errorBefore: number;
  errorAfter: number;
  biasAdded: boolean;
  /** The layer already matched the reference and was left as it is. */
  unchanged: boolean;
}

/** Refits one planned layer of `model` in place (through `writer`). */
export async function fitLayer(model: ModelProto, plan: LayerPlan, samples: readonly Feeds[], lambda: number, writer: ConstantWriter, ctx: TransformContext): Promise<FitResult> {
  const { layer, geo, kb } = plan;
  const params = readParams(layer, geo, writer);
  const [x, cur] = await currentRows(model, plan, samples, ctx);
  const unpenalized = new Set(params.withBias ? [geo.k] : []);
  let before = 0, after = 0, energy = 0;
  for (let g = 0; g < geo.groups; g++) {
    const y = plan.ref[g].subarray(0, plan.rows * geo.m);
    const fit = solveRidge({ x: x[g].subarray(0, plan.rows * kb), y, rows: plan.rows, k: kb, m: geo.m, w0: params.groups[g], unpenalized, lambda });
    params.groups[g] = fit.w;
    after += fit.residual;
    for (let i = 0; i < y.length; i++) {
      before += (cur[g][i] - y[i]) ** 2;
      energy += y[i] * y[i];
    }
  }
  const rel = (sse: number) => (energy > 0 ? Math.sqrt(sse / energy) : 0);
  const result = { samples: plan.schedule.length, rows: plan.rows, errorBefore: rel(before), errorAfter: rel(after), biasAdded: false, unchanged: false };
  // A layer that already reproduces the reference (its inputs were not disturbed) keeps its weights: a refit could
  // only fit noise of the calibration samples.
  if (result.errorBefore < ALREADY_MATCHES) return { ...result, errorAfter: result.errorBefore, unchanged: true };
  return { ...result, biasAdded: writeParams(layer, geo, params, writer) };
}

/** The layer's input rows and current outputs at the scheduled rows. */
async function currentRows(model: ModelProto, plan: LayerPlan, samples: readonly Feeds[], ctx: TransformContext): Promise<[Float32Array[], Float32Array[]]> {
  const { layer, geo, kb } = plan;
  const input = layer.node.input[0];
  const output = layer.node.output[0];
  const x = Array.from({ length: geo.groups }, () => new Float32Array(plan.rows * kb));
  const cur = Array.from({ length: geo.groups }, () => new Float32Array(plan.rows * geo.m));
  const probe = await openProbe(model, [input, output], ctx);
  let row = 0;
  try {
    for (const { sample, positions } of plan.schedule) {
      const t: Record<string, PlainTensor> = await probe.run(samples[sample]);
      const act = { data: floatData(t[input], input), dims: t[input].dims };
      const y = floatData(t[output], output);
      const dims = t[output].dims;
      for (const p of positions) {
        for (let g = 0; g < geo.groups; g++) {
          geo.readRow(act, dims, p, g, x[g], row * kb);
          if (kb > geo.k) x[g][row * kb + geo.k] = 1;
          for (let c = 0; c < geo.m; c++) cur[g][row * geo.m + c] = y[geo.outIndex(dims, p, g * geo.m + c)];
        }
        row++;
      }
    }
  } finally {
    await probe.close();
  }
  return [x, cur];
}
