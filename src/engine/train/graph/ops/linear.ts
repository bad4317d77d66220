// Gemm and MatMul. Gemm with transB=1 and a bias vector (digits CNN, language ID) runs the register-blocked
// `dense` kernels; everything else runs matmulABt on explicitly transposed operands.
import { attrFloat, attrInt } from '../../../onnx';
import { dense, denseBackward, matmulABt, transpose } from '../../kernels/matmul';
import type { Vec } from '../../kernels/vec';
import { broadcastDims, indexMap, reduceTo } from '../broadcast';
import { floatTensor, sizeOf } from '../tensor';
import { floatInput, unsupported, type Op } from './types';

function scaled(v: Vec, s: number): Vec {
  if (s === 1) return v;
  const out = new (v.constructor as Float32ArrayConstructor)(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * s;
  return out;
}

const gemm: Op = {
  differentiable: [0, 1, 2],
  forward(node, inputs, env) {
    const a = floatInput(node, inputs, 0), b = floatInput(node, inputs, 1), c = inputs[2];
    if (a.dims.length !== 2 || b.dims.length !== 2) unsupported(node, 'A and B must be matrices');
    const transA = attrInt(node, 'transA', 0), transB = attrInt(node, 'transB', 0);
    const alpha = attrFloat(node, 'alpha', 1), beta = attrFloat(node, 'beta', 1);
    const [m, k] = transA ? [a.dims[1], a.dims[0]] : a.dims;
    const n = transB ? b.dims[0] : b.dims[1];
    if ((transB ? b.dims[1] : b.dims[0]) !== k) unsupported(node, `A is ${m}x${k} but B has ${transB ? b.dims[1] : b.dims[0]} rows`);
    const y = new env.F(m * n);
    const bias = c && c.dims.length === 1 && c.dims[0] === n ? c : undefined;
    if (!transA && transB && alpha === 1 && beta === 1 && (!c || bias)) {
      dense(a.data, m, k, b.data, bias ? bias.data : null, n, y, false);
      return { outputs: [floatTensor([m, n], y)] };
    }
    const at = transA ? transpose(a.data, a.dims[0], a.dims[1]) : a.data; // [m, k]
    const bt = transB ? b.data : transpose(b.data, b.dims[0], b.dims[1]); // [n, k]
    matmulABt(at, bt, m, n, k, y, false);
    if (alpha !== 1) for (let i = 0; i < y.length; i++) y[i] *= alpha;
    if (c) {
      if (c.int) unsupported(node, 'C holds integers');
      const map = indexMap([m, n], c.dims);
      for (let i = 0; i < y.length; i++) y[i] += beta * c.data[map ? map[i] : i];
    }
    return { outputs: [floatTensor([m, n], y)] };
  },
  backward({ node, inputs, grads, need }) {
    const a = inputs[0]!, b = inputs[1]!, c = inputs[2], g = grads[0]!;
    const transA = attrInt(node, 'transA', 0), transB = attrInt(node, 'transB', 0);
    const alpha = attrFloat(node, 'alpha', 1), beta = attrFloat(node, 'beta', 1);
    const [m, k] = transA ? [a.dims[1], a.dims[0]] : a.dims;
    const n = transB ? b.dims[0] : b.dims[1];
    const out: (Vec | undefined)[] = [undefined, undefined, undefined];
    if (!transA && transB && alpha === 1 && beta === 1 && (!c || (c.dims.length === 1 && c.dims[0] === n))) {
      const dW = new (g.constructor as Float32ArrayConstructor)(n * k);
      const dB = c && need[2] ? new (g.constructor as Float32ArrayConstructor)(n) : null;
      const dX = denseBackward(a.data, g, m, k, n, b.data, dW, dB, need[0]);
      return [dX ?? undefined, need[1] ? dW : undefined, dB ?? undefined];
    }
    const F = g.constructor as Float32ArrayConstructor;
    const at = transA ? transpose(a.data, a.dims[0], a.dims[1]) : a.data; // [m, k]
    const bkn = transB ? transpose(b.data, b.dims[0], b.dims[1]) : b.data; // [k, n]
    const ga = scaled(g, alpha);
    if (need[0]) {
      const d = new F(m * k); // dA' = alpha g B'^T
      matmulABt(ga, bkn, m, k, n, d, false);
      out[0] = transA ? transpose(d, m, k) : d;
    }
    if (need[1]) {
      const d = new F(k * n); // dB' = alpha A'^T g
      matmulABt(transpose(at, m, k), transpose(ga, m, n), k, n, m, d, false);
      out[1] = transB ? transpose(d, k, n) : d;
    }
    if (need[2] && c) out[2] = reduceTo(scaled(g, beta), [m, n], c.dims);
    return out;
  },
};

/** MatMul of [..., M, K] by [..., K, N] with broadcast batch dimensions (1-D operands are not supported). */
const matmul: Op = {
  differentiable: [0, 1],
  forward(node, inputs, env) {
    const a = floatInput(node, inputs, 0), b = floatInput(node, inputs, 1);
    if (a.dims.length < 2 || b.dims.length < 2) unsupported(node, '1-D operands are not supported');
    const geo = geometry(a.dims, b.dims);
    if (!geo) return unsupported(node, `shapes [${a.dims}] and [${b.dims}] do not multiply`);
    const { m, k, n, batch, ia, ib, dims } = geo;
    const y = new env.F(sizeOf(dims));
    if (b.dims.length === 2) {
      // Weights: all rows of A at once against one transposed B.
      matmulABt(a.data, transpose(b.data, k, n), batch * m, n, k, y, false);
    } else {
      for (let t = 0; t < batch; t++) matmulABt(a.data, transpose(b.data, k, n, ib[t] * k * n), m, n, k, y, false, ia[t] * m * k, 0, t * m * n);
    }
    return { outputs: [floatTensor(dims, y)] };
  },
  backward({ inputs, grads, need, env }) {
    const a = inputs[0]!, b = inputs[1]!, g = grads[0]!;
    const { m, k, n, batch, ia, ib } = geometry(a.dims, b.dims)!;
    const out: (Vec | undefined)[] = [undefined, undefined];
    if (b.dims.length === 2) {
      const rows = batch * m;
      if (need[0]) { const d = new env.F(rows * k); matmulABt(g, b.data, rows, k, n, d, false); out[0] = d; }
      if (need[1]) { const d = new env.F(k * n); matmulABt(transpose(a.data, rows, k), transpose(g, rows, n), k, n, rows, d, false); out[1] = d; }
      return out;
    }
    const da = need[0] ? new env.F(a.data.length) : undefined;
    const db = need[1] ? new env.F(b.data.length) : undefined;
    for (let t = 0; t < batch; t++) {
      // dA_t += g_t B_tᵀ ; dB_t += A_tᵀ g_t (batch dims broadcast onto one input add up).
      if (da) matmulABt(g, b.data, m, k, n, da, true, t * m * n, ib[t] * k * n, ia[t] * m * k);
      if (db) matmulABt(transpose(a.data, m, k, ia[t] * m * k), transpose(g, m, n, t * m * n), k, n, m, db, true, 0, 0, ib[t] * k * n);
    }
    out[0] = da;
    out[1] = db;
    return out;
  },
};

interface Geometry { m: number; k: number; n: number; batch: number; ia: Int32Array; ib: Int32Array; dims: number[] }

function geometry(ad: number[], bd: number[]): Geometry | undefined {
  const m = ad[ad.length - 2], k = ad[ad.length - 1], n = bd[bd.length - 1];
  if (bd[bd.length - 2] !== k) return undefined;
  const batchA = ad.slice(0, -2), batchB = bd.slice(0, -2);
  const batchDims = broadcastDims(batchA, batchB);
  const batch = sizeOf(batchDims);
  const seq = Int32Array.from({ length: batch }, (_, i) => i);
  const ia = indexMap(batchDims, batchA) ?? seq, ib = indexMap(batchDims, batchB) ?? seq;
  return { m, k, n, batch, ia, ib, dims: [...batchDims, m, n] };
}

export const LINEAR_OPS: Record<string, Op> = { Gemm: gemm, MatMul: matmul };
