// Element-wise operators with broadcasting: arithmetic, activations, comparisons, Where and Cast.
import { attrFloat, attrInt, DataType, type NodeProto } from '../../../onnx';
import { erf } from '../../kernels/activation';
import type { Vec, VecCtor } from '../../kernels/vec';
import { broadcastDims, indexMap, reduceTo } from '../broadcast';
import { floatTensor, sizeOf, type Tensor } from '../tensor';
import { floatInput, required, unsupported, type Op } from './types';

type Binary = 'Add' | 'Sub' | 'Mul' | 'Div';

function binaryForward(kind: Binary, a: Tensor, b: Tensor, F: VecCtor): Tensor {
  const dims = broadcastDims(a.dims, b.dims);
  const ma = indexMap(dims, a.dims), mb = indexMap(dims, b.dims);
  const x = a.data, y = b.data, n = sizeOf(dims);
  const out = new F(n);
  // One loop per (op, map) case keeps the hot loops free of calls and branches.
  if (!ma && !mb) {
    if (kind === 'Add') for (let i = 0; i < n; i++) out[i] = x[i] + y[i];
    else if (kind === 'Sub') for (let i = 0; i < n; i++) out[i] = x[i] - y[i];
    else if (kind === 'Mul') for (let i = 0; i < n; i++) out[i] = x[i] * y[i];
    else for (let i = 0; i < n; i++) out[i] = x[i] / y[i];
  } else {
    const ia = ma ?? identity(n), ib = mb ?? identity(n);
    if (kind === 'Add') for (let i = 0; i < n; i++) out[i] = x[ia[i]] + y[ib[i]];
    else if (kind === 'Sub') for (let i = 0; i < n; i++) out[i] = x[ia[i]] - y[ib[i]];
    else if (kind === 'Mul') for (let i = 0; i < n; i++) out[i] = x[ia[i]] * y[ib[i]];
    else for (let i = 0; i < n; i++) out[i] = x[ia[i]] / y[ib[i]];
  }
  return floatTensor(dims, out);
}

let identityCache = new Int32Array(0);
function identity(n: number): Int32Array {
  if (identityCache.length < n) identityCache = Int32Array.from({ length: Math.max(n, 2 * identityCache.length) }, (_, i) => i);
  return identityCache;
}

function binary(kind: Binary): Op {
  return {
    differentiable: [0, 1],
    forward(node, inputs, env) {
      return { outputs: [binaryForward(kind, floatInput(node, inputs, 0), floatInput(node, inputs, 1), env.F)] };
    },
    backward({ inputs, outputs, grads, need, env }) {
      const g = grads[0]!, a = inputs[0]!, b = inputs[1]!, dims = outputs[0].dims, n = g.length;
      const ia = indexMap(dims, a.dims) ?? identity(n), ib = indexMap(dims, b.dims) ?? identity(n);
      const x = a.data, y = b.data;
      let da: Vec | undefined, db: Vec | undefined;
      if (need[0]) {
        if (kind === 'Add' || kind === 'Sub') da = g;
        else {
          da = new env.F(n);
          if (kind === 'Mul') for (let i = 0; i < n; i++) da[i] = g[i] * y[ib[i]];
          else for (let i = 0; i < n; i++) da[i] = g[i] / y[ib[i]];
        }
        da = reduceTo(da, dims, a.dims);
      }
      if (need[1]) {
        db = new env.F(n);
        if (kind === 'Add') db.set(g);
        else if (kind === 'Sub') for (let i = 0; i < n; i++) db[i] = -g[i];
        else if (kind === 'Mul') for (let i = 0; i < n; i++) db[i] = g[i] * x[ia[i]];
        else for (let i = 0; i < n; i++) { const v = y[ib[i]]; db[i] = (-g[i] * x[ia[i]]) / (v * v); }
        db = reduceTo(db, dims, b.dims);
      }
      return [da, db];
    },
  };
}

/** y = f(x) and dy/dx as a function of x and y. */
function unary(f: (x: number) => number, df: (x: number, y: number) => number): Op {
  return {
    differentiable: [0],
    forward(node, inputs, env) {
      const x = floatInput(node, inputs, 0);
      const out = new env.F(x.data.length);
      for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]);
      return { outputs: [floatTensor(x.dims, out)] };
    },
    backward({ inputs, outputs, grads, env }) {
      const g = grads[0]!, x = inputs[0]!.data, y = outputs[0].data;
      const dx = new env.F(g.length);
      for (let i = 0; i < g.length; i++) dx[i] = g[i] * df(x[i], y[i]);
      return [dx];
    },
  };
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

// `x < 0 ? 0 : x` keeps -0 as it is, like the fused ReLU of the digits trainer, so both give the same bits.
const relu: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = floatInput(node, inputs, 0);
    const out = new env.F(x.data.length);
    for (let i = 0; i < out.length; i++) { const v = x.data[i]; out[i] = v < 0 ? 0 : v; }
    return { outputs: [floatTensor(x.dims, out)] };
  },
  backward({ inputs, grads, env }) {
    const g = grads[0]!, x = inputs[0]!.data, dx = new env.F(g.length);
    for (let i = 0; i < g.length; i++) if (x[i] > 0) dx[i] = g[i];
    return [dx];
  },
};

const where: Op = {
  differentiable: [1, 2],
  forward(node, inputs, env) {
    const c = required(node, inputs, 0), a = required(node, inputs, 1), b = required(node, inputs, 2);
    const dims = broadcastDims(c.dims, a.dims, b.dims), n = sizeOf(dims);
    const mc = indexMap(dims, c.dims) ?? identity(n), ma = indexMap(dims, a.dims) ?? identity(n), mb = indexMap(dims, b.dims) ?? identity(n);
    const out = a.int && b.int ? new Float64Array(n) : new env.F(n);
    for (let i = 0; i < n; i++) out[i] = c.data[mc[i]] ? a.data[ma[i]] : b.data[mb[i]];
    return { outputs: [{ dims, data: out, int: a.int && b.int }] };
  },
  backward({ inputs, outputs, grads, need, env }) {
    const g = grads[0]!, dims = outputs[0].dims, c = inputs[0]!, n = g.length;
    const mc = indexMap(dims, c.dims) ?? identity(n);
    const part = (i: 1 | 2) => {
      const d = new env.F(n);
      for (let k = 0; k < n; k++) if (Boolean(c.data[mc[k]]) === (i === 1)) d[k] = g[k];
      return reduceTo(d, dims, inputs[i]!.dims);
    };
    return [undefined, need[1] ? part(1) : undefined, need[2] ? part(2) : undefined];
  },
};

const equal: Op = {
  differentiable: [],
  forward(node, inputs) {
    const a = required(node, inputs, 0), b = required(node, inputs, 1);
    const dims = broadcastDims(a.dims, b.dims), n = sizeOf(dims);
    const ma = indexMap(dims, a.dims) ?? identity(n), mb = indexMap(dims, b.dims) ?? identity(n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a.data[ma[i]] === b.data[mb[i]] ? 1 : 0;
    return { outputs: [{ dims, data: out, int: true }] };
  },
};

const INT_TYPES: number[] = [DataType.INT64, DataType.INT32, DataType.INT16, DataType.INT8, DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64];

const cast: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = required(node, inputs, 0), to = attrInt(node, 'to', 0);
    if (to === DataType.FLOAT) return { outputs: [floatTensor(x.dims, x.int ? env.F.from(x.data) : x.data)] };
    if (to === DataType.BOOL) return { outputs: [{ dims: x.dims, data: Float64Array.from(x.data, (v) => (v !== 0 ? 1 : 0)), int: true }] };
    if (INT_TYPES.includes(to)) return { outputs: [{ dims: x.dims, data: Float64Array.from(x.data, Math.trunc), int: true }] };
    return unsupported(node, `casting to data type ${to} is not supported`);
  },
  backward({ inputs, grads, node }) {
    if (attrInt(node, 'to', 0) !== DataType.FLOAT || inputs[0]!.int) return [undefined];
    return [grads[0]];
  },
};

const identityOp: Op = {
  differentiable: [0],
  forward: (node, inputs) => ({ outputs: [required(node, inputs, 0)] }),
  backward: ({ grads }) => [grads[0]],
};

/** Dropout at inference (what an exported graph runs): the identity; a requested mask output is not supported. */
const dropoutOp: Op = {
  ...identityOp,
  forward(node: NodeProto, inputs: (Tensor | undefined)[]) {
    if (node.output.length > 1 && node.output[1]) unsupported(node, 'the dropout mask output is not supported');
    return { outputs: [required(node, inputs, 0)] };
  },
};

export const ELEMENTWISE_OPS: Record<string, Op> = {
  Add: binary('Add'), Sub: binary('Sub'), Mul: binary('Mul'), Div: binary('Div'),
  Relu: relu,
  Sigmoid: unary((x) => 1 / (1 + Math.exp(-x)), (_x, y) => y * (1 - y)),
  Tanh: unary(Math.tanh, (_x, y) => 1 - y * y),
  Erf: unary(erf, (x) => TWO_OVER_SQRT_PI * Math.exp(-x * x)),
  Sqrt: unary(Math.sqrt, (_x, y) => 0.5 / y),
  Neg: unary((x) => -x, () => -1),
  LeakyRelu: {
    differentiable: [0],
    forward(node, inputs, env) {
      const alpha = attrFloat(node, 'alpha', 0.01);
      return unary((x) => (x < 0 ? alpha * x : x), () => 0).forward(node, inputs, env);
    },
    backward({ node, inputs, grads, env }) {
      const alpha = attrFloat(node, 'alpha', 0.01), x = inputs[0]!.data, g = grads[0]!, dx = new env.F(g.length);
      for (let i = 0; i < g.length; i++) dx[i] = x[i] < 0 ? alpha * g[i] : g[i];
      return [dx];
    },
  },
  Where: where, Equal: equal, Cast: cast, Identity: identityOp, Dropout: dropoutOp,
};
