// Operators that move data without arithmetic: reshapes, transposes, slicing, gathering, concatenation, and the
// shape/constant ops graphs use to compute them. Each backward scatters the gradient back where it came from.
import { attrInt, attrInts, getAttribute, readFloat32, readIntegers, tensorShape, DataType, type NodeProto } from '../../../onnx';
import type { Vec, VecCtor } from '../../kernels/vec';
import { stridedOffsets } from '../broadcast';
import { floatTensor, intTensor, normAxis, sizeOf, type Tensor } from '../tensor';
import { intValues, required, unsupported, type Op } from './types';

export const like = (t: Tensor, n: number, F: VecCtor): Vec => (t.int ? new Float64Array(n) : new F(n));

/** Same data, new shape (a view: ops never write into their inputs). */
function reshaped(t: Tensor, dims: number[]): Tensor {
  return { dims, data: t.data, int: t.int };
}

const passBack: Op['backward'] = ({ grads }) => [grads[0]];

const reshape: Op = {
  differentiable: [0],
  forward(node, inputs) {
    const x = required(node, inputs, 0), spec = intValues(node, inputs, 1);
    if (attrInt(node, 'allowzero', 0)) unsupported(node, 'allowzero=1 is not supported');
    const dims = spec.map((d, i) => (d === 0 ? x.dims[i] : d));
    const known = dims.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const total = sizeOf(x.dims);
    const out = dims.map((d) => (d === -1 ? total / known : d));
    if (sizeOf(out) !== total) unsupported(node, `cannot reshape [${x.dims}] to [${spec}]`);
    return { outputs: [reshaped(x, out)] };
  },
  backward: passBack,
};

const flatten: Op = {
  differentiable: [0],
  forward(node, inputs) {
    const x = required(node, inputs, 0);
    const axis = attrInt(node, 'axis', 1);
    const a = axis < 0 ? axis + x.dims.length : axis;
    return { outputs: [reshaped(x, [sizeOf(x.dims.slice(0, a)), sizeOf(x.dims.slice(a))])] };
  },
  backward: passBack,
};

function axesOf(node: NodeProto, inputs: (Tensor | undefined)[], opset: number): number[] | undefined {
  return opset >= 13 ? (inputs[1] ? intValues(node, inputs, 1) : undefined) : attrInts(node, 'axes');
}

const unsqueeze: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = required(node, inputs, 0);
    const axes = axesOf(node, inputs, env.opset);
    if (!axes) return unsupported(node, 'axes are missing');
    const rank = x.dims.length + axes.length;
    const at = new Set(axes.map((a) => normAxis(a, rank)));
    const dims: number[] = [];
    let j = 0;
    for (let i = 0; i < rank; i++) dims.push(at.has(i) ? 1 : x.dims[j++]);
    return { outputs: [reshaped(x, dims)] };
  },
  backward: passBack,
};

const squeeze: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = required(node, inputs, 0);
    const axes = axesOf(node, inputs, env.opset);
    const drop = new Set(axes ? axes.map((a) => normAxis(a, x.dims.length)) : x.dims.flatMap((d, i) => (d === 1 ? [i] : [])));
    return { outputs: [reshaped(x, x.dims.filter((_, i) => !drop.has(i)))] };
  },
  backward: passBack,
};

/** Flat index into the input for every output element of a transpose with permutation `perm`. */
function transposeMap(dims: number[], perm: number[]): Int32Array {
  const rank = dims.length;
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) { inStrides[i] = s; s *= dims[i]; }
  return stridedOffsets(perm.map((p) => dims[p]), perm.map((p) => inStrides[p]));
}

const transposeOp: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = required(node, inputs, 0);
    const perm = attrInts(node, 'perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i);
    const map = transposeMap(x.dims, perm);
    const out = like(x, map.length, env.F);
    for (let i = 0; i < map.length; i++) out[i] = x.data[map[i]];
    return { outputs: [{ dims: perm.map((p) => x.dims[p]), data: out, int: x.int }], saved: map };
  },
  backward({ grads, saved, env }) {
    const map = saved as Int32Array, g = grads[0]!, dx = new env.F(g.length);
    for (let i = 0; i < map.length; i++) dx[map[i]] = g[i];
    return [dx];
  },
};

const shape: Op = {
  differentiable: [],
  forward(node, inputs) {
    const x = required(node, inputs, 0);
    const rank = x.dims.length;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
    const start = clamp(attrInt(node, 'start', 0)), end = clamp(attrInt(node, 'end', rank));
    return { outputs: [intTensor([Math.max(0, end - start)], x.dims.slice(start, end))] };
  },
};

const constant: Op = {
  differentiable: [],
  forward(node, _inputs, env) {
    const v = getAttribute(node, 'value');
    if (v?.t) {
      const t = v.t;
      const dims = tensorShape(t);
      return { outputs: [t.dataType === DataType.FLOAT ? floatTensor(dims, env.F.from(readFloat32(t))) : intTensor(dims, readIntegers(t))] };
    }
    const f = getAttribute(node, 'value_float'), fs = getAttribute(node, 'value_floats');
    const i = getAttribute(node, 'value_int'), is = getAttribute(node, 'value_ints');
    if (f) return { outputs: [floatTensor([], env.F.from([f.f]))] };
    if (fs) return { outputs: [floatTensor([fs.floats.length], env.F.from(fs.floats))] };
    if (i) return { outputs: [intTensor([], [attrInt(node, 'value_int', 0)])] };
    if (is) return { outputs: [intTensor([is.ints.length], attrInts(node, 'value_ints')!)] };
    return unsupported(node, 'only tensor, float(s) and int(s) constants are supported');
  },
};

export const SHAPE_OPS: Record<string, Op> = {
  Reshape: reshape, Flatten: flatten, Unsqueeze: unsqueeze, Squeeze: squeeze, Transpose: transposeOp,
  Shape: shape, Constant: constant,
};
