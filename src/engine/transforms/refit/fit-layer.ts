// Refits layers in two passes (layer-fit/rows.ts): one pass over the calibration samples reads every target
// layer's reference output at the rows it will use; then each layer in graph order runs the current model (the
// layers before it already refit) at the same rows, solves each group's ridge problem, writes the weights, and
// reports the output error before and after on those rows.
import type { ModelProto } from '../../onnx';
import type { Feeds } from '../../tensor-data';
import type { TransformContext } from '../types';
import type { FloatLayer } from '../layer-fit/layers';
import { floatData } from '../layer-fit/probe';
import { CHANNELS_FIRST, CHANNELS_LAST, readCurrentRows, rowPlan, type RowPlan } from '../layer-fit/rows';
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
  /** Inputs per group including the bias column. */
  kb: number;
  /** The layer's output rows (reference values filled by readReferenceRows). */
  rows: RowPlan;
}

/** `kept`: the reference channel of each current output channel. */
export function planLayer(layer: FloatLayer, geo: Geometry, kept: Int32Array): LayerPlan {
  const kb = geo.k + (fitsBias(layer) ? 1 : 0);
  const target = Math.max(MIN_ROWS, ROWS_PER_UNKNOWN * kb);
  const layout = layer.op === 'Conv' ? CHANNELS_FIRST : CHANNELS_LAST;
  return { layer, geo, kb, rows: rowPlan(layer.node.output[0], layout, kept, target, Math.max(1, Math.ceil(target / MIN_SAMPLES))) };
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
  const { layer, geo, kb, rows } = plan;
  const params = readParams(layer, geo, writer);
  const n = rows.rows;
  const channels = geo.groups * geo.m;
  const x = Array.from({ length: geo.groups }, () => new Float32Array(n * kb));
  const cur = new Float32Array(n * channels);
  const input = layer.node.input[0];
  await readCurrentRows(model, rows, [input], samples, ctx, (t, positions, first) => {
    const act = { data: floatData(t[input], input), dims: t[input].dims };
    const y = floatData(t[rows.output], rows.output);
    const dims = t[rows.output].dims;
    positions.forEach((p, i) => {
      const r = first + i;
      for (let g = 0; g < geo.groups; g++) {
        geo.readRow(act, dims, p, g, x[g], r * kb);
        if (kb > geo.k) x[g][r * kb + geo.k] = 1;
      }
      for (let c = 0; c < channels; c++) cur[r * channels + c] = y[rows.layout.index(dims, p, c)];
    });
  });
  const unpenalized = new Set(params.withBias ? [geo.k] : []);
  let before = 0, after = 0, energy = 0;
  for (let g = 0; g < geo.groups; g++) {
    // This group's reference outputs, rows × m.
    const y = new Float32Array(n * geo.m);
    for (let r = 0; r < n; r++) for (let c = 0; c < geo.m; c++) y[r * geo.m + c] = rows.ref[r * channels + g * geo.m + c];
    const fit = solveRidge({ x: x[g], y, rows: n, k: kb, m: geo.m, w0: params.groups[g], unpenalized, lambda });
    params.groups[g] = fit.w;
    after += fit.residual;
  }
  for (let i = 0; i < n * channels; i++) {
    before += (cur[i] - rows.ref[i]) ** 2;
    energy += rows.ref[i] ** 2;
  }
  const rel = (sse: number) => (energy > 0 ? Math.sqrt(sse / energy) : 0);
  const result = { samples: rows.schedule.length, rows: n, errorBefore: rel(before), errorAfter: rel(after), biasAdded: false, unchanged: false };
  // A layer that already reproduces the reference (its inputs were not disturbed) keeps its weights: a refit could
  // only fit noise of the calibration samples.
  if (result.errorBefore < ALREADY_MATCHES) return { ...result, errorAfter: result.errorBefore, unchanged: true };
  return { ...result, biasAdded: writeParams(layer, geo, params, writer) };
}
