// Operators that pick parts of tensors: Slice, Gather (embeddings) and Concat, each scattering its gradient back.
import { attrInt } from '../../../onnx';
import { normAxis, sizeOf } from '../tensor';
import { like } from './shape';
import { intValues, required, unsupported, type Op } from './types';

/** Input flat index for each output element of a strided N-d slice. */
function sliceMap(dims: number[], starts: number[], steps: number[], outDims: number[]): Int32Array {
  const rank = dims.length;
  const strides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) { strides[i] = s; s *= dims[i]; }
  const n = sizeOf(outDims), map = new Int32Array(n), idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let at = 0;
    for (let a = 0; a < rank; a++) at += (starts[a] + idx[a] * steps[a]) * strides[a];
    map[i] = at;
    for (let a = rank - 1; a >= 0; a--) {
      if (++idx[a] < outDims[a]) break;
      idx[a] = 0;
    }
  }
  return map;
}

const slice: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = required(node, inputs, 0);
    if (env.opset < 10) unsupported(node, 'Slice before opset 10 (attributes) is not supported');
    const st = intValues(node, inputs, 1), en = intValues(node, inputs, 2);
    const axes = inputs[3] ? intValues(node, inputs, 3).map((a) => normAxis(a, x.dims.length)) : st.map((_, i) => i);
    const stepIn = inputs[4] ? intValues(node, inputs, 4) : st.map(() => 1);
    const starts = x.dims.map(() => 0), steps = x.dims.map(() => 1), outDims = [...x.dims];
    axes.forEach((a, i) => {
      const d = x.dims[a], step = stepIn[i];
      if (step === 0) unsupported(node, 'a step of 0');
      const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + d : v, lo), hi);
      const b = step > 0 ? clamp(st[i], 0, d) : clamp(st[i], -1, d - 1);
      const e = step > 0 ? clamp(en[i], 0, d) : clamp(en[i], -1, d - 1);
      starts[a] = b;
      steps[a] = step;
      outDims[a] = Math.max(0, Math.ceil((e - b) / step));
    });
    const map = sliceMap(x.dims, starts, steps, outDims);
    const out = like(x, map.length, env.F);
    for (let i = 0; i < map.length; i++) out[i] = x.data[map[i]];
    return { outputs: [{ dims: outDims, data: out, int: x.int }], saved: map };
  },
  backward({ inputs, grads, saved, env }) {
    const map = saved as Int32Array, g = grads[0]!, dx = new env.F(inputs[0]!.data.length);
    for (let i = 0; i < map.length; i++) dx[map[i]] += g[i];
    return [dx];
  },
};

const gather: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = required(node, inputs, 0), idx = required(node, inputs, 1);
    if (!idx.int) unsupported(node, 'indices must be integers');
    const axis = normAxis(attrInt(node, 'axis', 0), x.dims.length);
    const outer = sizeOf(x.dims.slice(0, axis)), inner = sizeOf(x.dims.slice(axis + 1)), d = x.dims[axis];
    const ids = Int32Array.from(idx.data, (v) => (v < 0 ? v + d : v));
    if (ids.some((v) => v < 0 || v >= d)) unsupported(node, `an index is outside 0..${d - 1}`);
    const out = like(x, outer * ids.length * inner, env.F);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < ids.length; j++) {
        const src = (o * d + ids[j]) * inner, dst = (o * ids.length + j) * inner;
        for (let i = 0; i < inner; i++) out[dst + i] = x.data[src + i];
      }
    }
    const dims = [...x.dims.slice(0, axis), ...idx.dims, ...x.dims.slice(axis + 1)];
    return { outputs: [{ dims, data: out, int: x.int }], saved: ids };
  },
  backward({ node, inputs, grads, saved, env }) {
    const x = inputs[0]!, ids = saved as Int32Array, g = grads[0]!;
    const axis = normAxis(attrInt(node, 'axis', 0), x.dims.length);
    const outer = sizeOf(x.dims.slice(0, axis)), inner = sizeOf(x.dims.slice(axis + 1)), d = x.dims[axis];
    const dx = new env.F(x.data.length);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < ids.length; j++) {
        const dst = (o * d + ids[j]) * inner, src = (o * ids.length + j) * inner;
        for (let i = 0; i < inner; i++) dx[dst + i] += g[src + i];
      }
    }
    return [dx];
  },
};

const concat: Op = {
  differentiable: 'all',
  forward(node, inputs, env) {
    const xs = inputs.map((_, i) => required(node, inputs, i));
    const axis = normAxis(attrInt(node, 'axis', 0), xs[0].dims.length);
    const outer = sizeOf(xs[0].dims.slice(0, axis)), rest = sizeOf(xs[0].dims.slice(axis + 1));
    const total = xs.reduce((s, x) => s + x.dims[axis], 0);
    const int = xs.every((x) => x.int);
    const out = int ? new Float64Array(outer * total * rest) : new env.F(outer * total * rest);
    let offset = 0;
    for (const x of xs) {
      const block = x.dims[axis] * rest;
      for (let o = 0; o < outer; o++) out.set(x.data.subarray(o * block, (o + 1) * block), (o * total * rest) + offset);
      offset += block;
    }
    const dims = [...xs[0].dims];
    dims[axis] = total;
    return { outputs: [{ dims, data: out, int }], saved: { axis, outer, rest, total } };
  },
  backward({ inputs, grads, need, saved, env }) {
    const { axis, outer, rest, total } = saved as { axis: number; outer: number; rest: number; total: number };
    const g = grads[0]!;
    let offset = 0;
    return inputs.map((x, i) => {
      const block = x!.dims[axis] * rest, at = offset;
      offset += block;
      if (!need[i]) return undefined;
      const d = new env.F(outer * block);
      for (let o = 0; o < outer; o++) d.set(g.subarray(o * total * rest + at, o * total * rest + at + block), o * block);
      return d;
    });
  },
};

export const SELECT_OPS: Record<string, Op> = { Slice: slice, Gather: gather, Concat: concat };
