// How an uploaded model's outputs are shown: top-k for 2-D scores ([1, classes]), a heat-map for 4-D maps (a
// segmentation mask, a depth or saliency map), a values table otherwise. Built in the worker, small enough to send.
import { softmax } from './classify';
import { halfToFloat } from './onnx/float16';
import type { PlainTensor } from './tensor-data';

export type OutputView =
  | { kind: 'topk'; name: string; dims: number[]; top: { index: number; score: number; probability: number }[]; softmaxed: boolean }
  | {
      kind: 'heatmap'; name: string; dims: number[]; width: number; height: number;
      /** Values in [0, 1] (one channel, min..max), or class indices (argmax over channels). */
      values: Float32Array; classes?: number; min: number; max: number;
    }
  | { kind: 'table'; name: string; dims: number[]; type: string; count: number; values: number[]; min: number; max: number; mean: number };

const TOP_K = 5;
const MAX_MAP_SIDE = 160;
const TABLE_VALUES = 12;

export function numbersOf(t: PlainTensor): Float32Array {
  if (t.data instanceof Float32Array) return t.data;
  if (t.type === 'float16') return Float32Array.from(t.data as Uint16Array, halfToFloat);
  return Float32Array.from(t.data as ArrayLike<number | bigint>, Number);
}

export function outputViews(outputs: Record<string, PlainTensor>): OutputView[] {
  return Object.entries(outputs).map(([name, t]) => viewOf(name, t));
}

function viewOf(name: string, t: PlainTensor): OutputView {
  const values = numbersOf(t);
  const dims = t.dims;
  const float = t.type === 'float32' || t.type === 'float16';
  if (float && dims.length === 2 && dims[0] === 1 && dims[1] >= 2) return topK(name, dims, values);
  const map = mapAxes(dims);
  if (map) return heatmap(name, dims, values, map);
  return table(name, t, values);
}

function topK(name: string, dims: number[], scores: Float32Array): OutputView {
  let sum = 0, inRange = true;
  for (const s of scores) {
    sum += s;
    if (s < 0 || s > 1) inRange = false;
  }
  const alreadyProbabilities = inRange && Math.abs(sum - 1) < 1e-3;
  const probabilities = alreadyProbabilities ? scores : softmax(scores);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]).slice(0, TOP_K);
  return { kind: 'topk', name, dims, top: order.map((index) => ({ index, score: scores[index], probability: probabilities[index] })), softmaxed: !alreadyProbabilities };
}

/** [1, C, H, W] (C up to 256), [1, H, W, C] with few channels, or [1, H, W]: an image-like map. */
function mapAxes(dims: number[]): { c: number; h: number; w: number; layout: 'chw' | 'hwc' } | undefined {
  if (dims.length === 3 && dims[0] === 1 && dims[1] >= 2 && dims[2] >= 2) return { c: 1, h: dims[1], w: dims[2], layout: 'chw' };
  if (dims.length !== 4 || dims[0] !== 1) return undefined;
  const [, a, b, c] = dims;
  if (c <= 4 && a > 4 && b > 4) return { c, h: a, w: b, layout: 'hwc' };
  if (b >= 2 && c >= 2 && a <= 256) return { c: a, h: b, w: c, layout: 'chw' };
  return undefined;
}

function heatmap(name: string, dims: number[], values: Float32Array, m: { c: number; h: number; w: number; layout: 'chw' | 'hwc' }): OutputView {
  const step = Math.max(1, Math.ceil(Math.max(m.h, m.w) / MAX_MAP_SIDE));
  const height = Math.ceil(m.h / step), width = Math.ceil(m.w / step);
  const at = (ch: number, y: number, x: number) => values[m.layout === 'chw' ? (ch * m.h + y) * m.w + x : (y * m.w + x) * m.c + ch];
  const out = new Float32Array(width * height);
  let min = Infinity, max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const sy = y * step, sx = x * step;
    if (m.c === 1) {
      out[y * width + x] = max > min ? (at(0, sy, sx) - min) / (max - min) : 0;
    } else {
      let best = 0;
      for (let ch = 1; ch < m.c; ch++) if (at(ch, sy, sx) > at(best, sy, sx)) best = ch;
      out[y * width + x] = best;
    }
  }
  return { kind: 'heatmap', name, dims, width, height, values: out, classes: m.c > 1 ? m.c : undefined, min, max };
}

function table(name: string, t: PlainTensor, values: Float32Array): OutputView {
  let min = Infinity, max = -Infinity, sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { kind: 'table', name, dims: t.dims, type: t.type, count: values.length, values: Array.from(values.subarray(0, TABLE_VALUES)), min, max, mean: values.length ? sum / values.length : NaN };
}
