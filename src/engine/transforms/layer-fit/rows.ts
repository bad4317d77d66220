// Calibration rows: a layer output read at evenly spread positions of each sample (every position of a Gemm
// output, a spread subset of a Conv's), the same positions in the current and the reference model. The
// reference never changes during a step, so one pass reads every planned layer's reference rows at once; the
// current model is read layer by layer, after the layers before it were fixed.
import type { ModelProto } from '../../onnx';
import type { Feeds, PlainTensor } from '../../tensor-data';
import type { TransformContext } from '../types';
import { floatData, openProbe } from './probe';

/** Where channel c of output position p sits in a layer's output. */
export interface OutputLayout {
  positions(dims: readonly number[]): number;
  index(dims: readonly number[], p: number, c: number): number;
}

/** [N, C, spatial...] (Conv): a position is a batch item and a pixel. */
export const CHANNELS_FIRST: OutputLayout = {
  positions: (dims) => dims[0] * spatial(dims),
  index: (dims, p, c) => (Math.floor(p / spatial(dims)) * dims[1] + c) * spatial(dims) + (p % spatial(dims)),
};

/** [..., C] (Gemm, MatMul): a position is a row. */
export const CHANNELS_LAST: OutputLayout = {
  positions: (dims) => dims.slice(0, -1).reduce((a, b) => a * b, 1),
  index: (dims, p, c) => p * dims[dims.length - 1] + c,
};

function spatial(dims: readonly number[]): number {
  return dims.slice(2).reduce((a, b) => a * b, 1);
}

export interface RowPlan {
  output: string;
  layout: OutputLayout;
  /** The reference channel of each current channel. */
  kept: Int32Array;
  target: number;
  perSample: number;
  /** Filled by readReferenceRows: which positions of which sample each row is, and the reference values. */
  schedule: { sample: number; positions: number[] }[];
  rows: number;
  /** rows × kept.length, row-major. */
  ref: Float32Array;
}

/** Wants `target` rows, at most `perSample` from one sample (so that many samples contribute). */
export function rowPlan(output: string, layout: OutputLayout, kept: Int32Array, target: number, perSample: number): RowPlan {
  return { output, layout, kept, target, perSample, schedule: [], rows: 0, ref: new Float32Array(target * kept.length) };
}

function positionsFor(plan: RowPlan, dims: readonly number[]): number[] {
  const total = plan.layout.positions(dims);
  const take = Math.min(total, plan.perSample, plan.target - plan.rows);
  return Array.from({ length: Math.max(0, take) }, (_, t) => Math.floor(((t + 0.5) * total) / take));
}

/** The reference pass: fills each plan's schedule and reference rows. Returns how many samples it read. */
export async function readReferenceRows(reference: ModelProto, plans: RowPlan[], samples: readonly Feeds[], ctx: TransformContext): Promise<number> {
  if (!plans.length) return 0;
  const probe = await openProbe(reference, [...new Set(plans.map((p) => p.output))], ctx);
  let used = 0;
  try {
    for (const [s, feeds] of samples.entries()) {
      if (plans.every((p) => p.rows >= p.target)) break;
      const out = await probe.run(feeds);
      used++;
      for (const plan of plans) {
        const y = out[plan.output];
        const positions = plan.rows < plan.target ? positionsFor(plan, y.dims) : [];
        if (!positions.length) continue;
        plan.schedule.push({ sample: s, positions });
        const data = floatData(y, plan.output);
        const c = plan.kept.length;
        for (const p of positions) {
          for (let o = 0; o < c; o++) plan.ref[plan.rows * c + o] = data[plan.layout.index(y.dims, p, plan.kept[o])];
          plan.rows++;
        }
      }
    }
  } finally {
    await probe.close();
  }
  return used;
}

/**
 * The current model at the plan's rows: `visit(tensors, positions, firstRow)` per scheduled sample, with the
 * plan's output and any `extra` tensors (e.g. the layer's input).
 */
export async function readCurrentRows(
  model: ModelProto, plan: RowPlan, extra: readonly string[], samples: readonly Feeds[], ctx: TransformContext,
  visit: (tensors: Record<string, PlainTensor>, positions: readonly number[], firstRow: number) => void,
): Promise<void> {
  const probe = await openProbe(model, [...extra, plan.output], ctx);
  let row = 0;
  try {
    for (const { sample, positions } of plan.schedule) {
      visit(await probe.run(samples[sample]), positions, row);
      row += positions.length;
    }
  } finally {
    await probe.close();
  }
}
