// LayerNormalization, Softmax and the reductions, all over trailing or given axes.
import { attrFloat, attrInt, attrInts } from '../../../onnx';
import { layerNorm, layerNormBackward, type NormCache } from '../../kernels/norm';
import { stridedOffsets } from '../broadcast';
import { floatTensor, normAxis, sizeOf } from '../tensor';
import { floatInput, intValues, unsupported, type Op } from './types';

const layerNormalization: Op = {
  differentiable: [0, 1, 2],
  forward(node, inputs, env) {
    const x = floatInput(node, inputs, 0), scale = floatInput(node, inputs, 1), bias = inputs[2];
    const rank = x.dims.length;
    if (normAxis(attrInt(node, 'axis', -1), rank) !== rank - 1) unsupported(node, 'only normalisation over the last axis is supported');
    if (node.output.slice(1).some(Boolean)) unsupported(node, 'the Mean and InvStdDev outputs are not supported');
    const dim = x.dims[rank - 1], rows = x.data.length / dim;
    if (scale.data.length !== dim || (bias && bias.data.length !== dim)) unsupported(node, 'scale and bias must be vectors over the last axis');
    const y = new env.F(x.data.length);
    const cache = layerNorm(x.data, rows, dim, scale.data, bias ? bias.data : null, y, new env.F(x.data.length), attrFloat(node, 'epsilon', 1e-5));
    return { outputs: [floatTensor(x.dims, y)], saved: cache };
  },
  backward({ inputs, grads, need, saved, env }) {
    const x = inputs[0]!, scale = inputs[1]!, g = grads[0]!;
    const dim = x.dims[x.dims.length - 1], rows = x.data.length / dim;
    const dx = new env.F(x.data.length);
    const dScale = need[1] ? new env.F(dim) : null, dBias = inputs[2] && need[2] ? new env.F(dim) : null;
    layerNormBackward(g, rows, dim, scale.data, saved as NormCache, dx, dScale, dBias);
    return [need[0] ? dx : undefined, dScale ?? undefined, dBias ?? undefined];
  },
};

const softmax: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = floatInput(node, inputs, 0);
    const rank = x.dims.length;
    const axis = normAxis(attrInt(node, 'axis', env.opset >= 13 ? -1 : 1), rank);
    // Before opset 13 Softmax flattened everything from `axis` on: the same as the last axis only there.
    if (axis !== rank - 1) unsupported(node, 'only softmax over the last axis is supported');
    const dim = x.dims[rank - 1], y = new env.F(x.data.length);
    for (let o = 0; o < x.data.length; o += dim) {
      let max = -Infinity;
      for (let i = 0; i < dim; i++) max = Math.max(max, x.data[o + i]);
      let sum = 0;
      for (let i = 0; i < dim; i++) sum += (y[o + i] = Math.exp(x.data[o + i] - max));
      for (let i = 0; i < dim; i++) y[o + i] /= sum;
    }
    return { outputs: [floatTensor(x.dims, y)] };
  },
  backward({ outputs, grads, env }) {
    const y = outputs[0], g = grads[0]!, dim = y.dims[y.dims.length - 1], dx = new env.F(g.length);
    for (let o = 0; o < g.length; o += dim) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += g[o + i] * y.data[o + i];
      for (let i = 0; i < dim; i++) dx[o + i] = y.data[o + i] * (g[o + i] - dot);
    }
    return [dx];
  },
};

interface ReduceSaved { inDims: number[]; map: Int32Array; count: number }

/** For each input element, the flat index of the reduced output element it adds into. */
function reduceMap(dims: number[], axes: Set<number>): { map: Int32Array; outDims: number[] } {
  const rank = dims.length;
  const outDims = dims.map((d, i) => (axes.has(i) ? 1 : d));
  const outStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) { outStrides[i] = axes.has(i) ? 0 : s; s *= outDims[i]; }
  const map = stridedOffsets(dims, outStrides);
  return { map, outDims };
}

function reduce(mean: boolean): Op {
  return {
    differentiable: [0],
    forward(node, inputs, env) {
      const x = floatInput(node, inputs, 0);
      const axesFromInput = mean ? env.opset >= 18 : env.opset >= 13;
      const given = axesFromInput ? (inputs[1] ? intValues(node, inputs, 1) : undefined) : attrInts(node, 'axes');
      if ((!given || !given.length) && attrInt(node, 'noop_with_empty_axes', 0)) return { outputs: [x] };
      const rank = x.dims.length;
      const axes = new Set(given?.length ? given.map((a) => normAxis(a, rank)) : x.dims.map((_, i) => i));
      const { map, outDims } = reduceMap(x.dims, axes);
      const y = new env.F(sizeOf(outDims));
      for (let i = 0; i < map.length; i++) y[map[i]] += x.data[i];
      const count = x.data.length / Math.max(1, y.length);
      if (mean) for (let i = 0; i < y.length; i++) y[i] /= count;
      const dims = attrInt(node, 'keepdims', 1) ? outDims : outDims.filter((_, i) => !axes.has(i));
      return { outputs: [floatTensor(dims, y)], saved: { inDims: x.dims, map, count } satisfies ReduceSaved };
    },
    backward({ inputs, grads, saved, env }) {
      const g = grads[0]!;
      if (!saved) return [g]; // noop_with_empty_axes
      const { map, count } = saved as ReduceSaved;
      const dx = new env.F(inputs[0]!.data.length);
      const k = mean ? 1 / count : 1;
      for (let i = 0; i < map.length; i++) dx[i] = g[map[i]] * k;
      return [dx];
    },
  };
}

export const NORM_OPS: Record<string, Op> = {
  LayerNormalization: layerNormalization, Softmax: softmax, ReduceSum: reduce(false), ReduceMean: reduce(true),
};

