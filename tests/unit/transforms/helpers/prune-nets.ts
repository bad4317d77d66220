// Small hand-built graphs for the pruning tests, with weights from a seeded PRNG so every run sees the same model.
import { DataType, makeNode, makeTensor, type ModelProto, type NodeProto, type TensorProto } from '../../../../src/engine/onnx';
import { buildModel, floatInfo, mulberry32, randomFloats } from './build';

/** Pruning nets draw weights in [-0.5, 0.5) from one stream per net. */
const randomValues = (n: number, rand: () => number, scale = 0.5) => randomFloats(n, rand, scale);

class Builder {
  readonly nodes: NodeProto[] = [];
  readonly inits: TensorProto[] = [];
  constructor(readonly rand: () => number) {}

  weight(name: string, dims: number[], scale = 0.5, values?: Float32Array): string {
    const n = dims.reduce((a, b) => a * b, 1);
    this.inits.push(makeTensor(name, DataType.FLOAT, dims, values ?? randomValues(n, this.rand, scale)));
    return name;
  }

  node(opType: string, inputs: string[], output: string, attributes?: Record<string, number | number[] | string>, floats?: Record<string, number>): string {
    this.nodes.push(makeNode({ opType, inputs, outputs: [output], name: `${opType.toLowerCase()}_${output}`, attributes, floatAttributes: floats }));
    return output;
  }

  model(input: [string, (number | string)[]], output: [string, (number | string)[]], opset = 13): ModelProto {
    return buildModel('test', this.nodes, this.inits, [floatInfo(...input)], [floatInfo(...output)], [{ domain: '', version: opset }]);
  }
}

/** X[N,16] → Gemm 16→32 → Relu → MatMul 32→24 → Add → Sigmoid → Gemm(transB) 24→10 → Y. */
export function mlpNet(seed = 1): ModelProto {
  const b = new Builder(mulberry32(seed));
  let x = b.node('Gemm', ['X', b.weight('w1', [16, 32]), b.weight('b1', [32], 0.1)], 'h1');
  x = b.node('Relu', [x], 'a1');
  x = b.node('MatMul', [x, b.weight('w2', [32, 24])], 'h2');
  x = b.node('Add', [x, b.weight('b2', [24], 0.1)], 'h2b');
  x = b.node('Sigmoid', [x], 'a2');
  b.node('Gemm', [x, b.weight('w3', [10, 24]), b.weight('b3', [10], 0.1)], 'Y', { transB: 1 });
  return b.model(['X', ['N', 16]], ['Y', ['N', 10]]);
}

/** X[N,3,8,8] → Conv 3→8 → BatchNorm → Relu → Conv 8→12 → GlobalAveragePool → Flatten → Gemm 12→5 → Y. */
export function convBnNet(seed = 2): ModelProto {
  const b = new Builder(mulberry32(seed));
  let x = b.node('Conv', ['X', b.weight('c1.w', [8, 3, 3, 3]), b.weight('c1.b', [8], 0.1)], 'c1', { pads: [1, 1, 1, 1] });
  const ones = Float32Array.from({ length: 8 }, () => 0.5 + b.rand());
  x = b.node('BatchNormalization', [x, b.weight('bn.scale', [8], 0, ones), b.weight('bn.bias', [8], 0.2), b.weight('bn.mean', [8], 0.1), b.weight('bn.var', [8], 0, ones.map((v) => v + 0.2))], 'bn', undefined, { epsilon: 1e-5 });
  x = b.node('Relu', [x], 'r1');
  x = b.node('Conv', [x, b.weight('c2.w', [12, 8, 3, 3], 0.3)], 'c2', { pads: [1, 1, 1, 1] });
  x = b.node('GlobalAveragePool', [x], 'gap');
  x = b.node('Flatten', [x], 'flat', { axis: 1 });
  b.node('Gemm', [x, b.weight('fc.w', [5, 12]), b.weight('fc.b', [5], 0.1)], 'Y', { transB: 1 });
  return b.model(['X', ['N', 3, 8, 8]], ['Y', ['N', 5]]);
}

/** X[N,4,6,6] → Conv a → Relu → Add(·, X) (residual) → Conv b 4→6 → Relu → GlobalAveragePool → Flatten → Gemm → Y. */
export function residualNet(seed = 3): ModelProto {
  const b = new Builder(mulberry32(seed));
  let x = b.node('Conv', ['X', b.weight('ca.w', [4, 4, 3, 3], 0.3), b.weight('ca.b', [4], 0.1)], 'ca', { pads: [1, 1, 1, 1] });
  x = b.node('Relu', [x], 'ra');
  x = b.node('Add', [x, 'X'], 'res');
  x = b.node('Conv', [x, b.weight('cb.w', [6, 4, 1, 1]), b.weight('cb.b', [6], 0.1)], 'cb');
  x = b.node('Relu', [x], 'rb');
  x = b.node('GlobalAveragePool', [x], 'gap');
  x = b.node('Flatten', [x], 'flat');
  b.node('Gemm', [x, b.weight('fc.w', [3, 6]), b.weight('fc.b', [3], 0.1)], 'Y', { transB: 1 });
  return b.model(['X', ['N', 4, 6, 6]], ['Y', ['N', 3]]);
}

export interface PoolNetOptions {
  seed?: number;
  /** Output channels of the conv whose weights and bias are all exactly zero. */
  zeroChannels?: number[];
  /** Flatten node, or Reshape to [0, -1] / [-1, 96]. */
  flatten?: 'Flatten' | 'Reshape0' | 'ReshapeExplicit';
}

/** X[N,1,8,8] → Conv 1→6 → Relu → MaxPool 2x2 → Flatten (6 blocks of 16) → Gemm 96→10 → Y. */
export function poolFlattenNet(o: PoolNetOptions = {}): ModelProto {
  const b = new Builder(mulberry32(o.seed ?? 4));
  const w = randomValues(6 * 9, b.rand);
  const bias = randomValues(6, b.rand, 0.1);
  for (const c of o.zeroChannels ?? []) {
    w.fill(0, c * 9, c * 9 + 9);
    bias[c] = 0;
  }
  let x = b.node('Conv', ['X', b.weight('conv.w', [6, 1, 3, 3], 0, w), b.weight('conv.b', [6], 0, bias)], 'conv', { pads: [1, 1, 1, 1] });
  x = b.node('Relu', [x], 'relu');
  x = b.node('MaxPool', [x], 'pool', { kernel_shape: [2, 2], strides: [2, 2] });
  if (o.flatten === 'Reshape0' || o.flatten === 'ReshapeExplicit') {
    const shape = o.flatten === 'Reshape0' ? [0, -1] : [-1, 96];
    b.inits.push(makeTensor('flat.shape', DataType.INT64, [2], BigInt64Array.from(shape, BigInt)));
    x = b.node('Reshape', [x, 'flat.shape'], 'flat');
  } else {
    x = b.node('Flatten', [x], 'flat', { axis: 1 });
  }
  b.node('Gemm', [x, b.weight('fc.w', [10, 96], 0.2), b.weight('fc.b', [10], 0.1)], 'Y', { transB: 1 });
  return b.model(['X', ['N', 1, 8, 8]], ['Y', ['N', 10]]);
}

/** Product of random (rows x rank) and (rank x cols) matrices: a weight whose exact rank is `rank`. */
export function lowRankMatrix(rows: number, cols: number, rank: number, rand: () => number): Float32Array {
  const u = randomValues(rows * rank, rand);
  const v = randomValues(rank * cols, rand);
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let k = 0; k < rank; k++) s += u[i * rank + k] * v[k * cols + j];
    w[i * cols + j] = s;
  }
  return w;
}

/** X[N,32] → MatMul 32→48 (exact rank 4) → Relu → Gemm(transB) 48→40 (exact rank 3) + bias → Y. */
export function lowRankNet(seed = 5): ModelProto {
  const b = new Builder(mulberry32(seed));
  let x = b.node('MatMul', ['X', b.weight('m.w', [32, 48], 0, lowRankMatrix(32, 48, 4, b.rand))], 'm');
  x = b.node('Relu', [x], 'r');
  b.node('Gemm', [x, b.weight('g.w', [40, 48], 0, lowRankMatrix(40, 48, 3, b.rand)), b.weight('g.b', [40], 0.1)], 'Y', { transB: 1 }, { alpha: 1, beta: 0.5 });
  return b.model(['X', ['N', 32]], ['Y', ['N', 40]]);
}

/** Moves every initializer into a Constant node (the Paddle2ONNX layout PP-OCR uses), in front of the graph. */
export function asConstantNodes(model: ModelProto): ModelProto {
  const g = model.graph!;
  const constants = g.initializer.map((t) => makeNode({ opType: 'Constant', inputs: [], outputs: [t.name], name: `const_${t.name}`, attributes: { value: t } }));
  g.node = [...constants, ...g.node];
  g.initializer = [];
  return model;
}

/**
 * X[N,4,6,6] → Conv 1x1 4→8 → Relu → depthwise Conv 3x3 (group 8) → Relu → Conv 1x1 8→6 → GlobalAveragePool →
 * Flatten → Gemm 6→3 → Y. `zeroChannels` zeroes those channels' pointwise weights, bias and depthwise bias, so
 * they carry exact zeros all the way to the last conv; `zeroOutputs` zeroes those output channels of the last conv.
 */
export function depthwiseNet(zeroChannels: number[] = [], zeroOutputs: number[] = [], seed = 6): ModelProto {
  const b = new Builder(mulberry32(seed));
  const w1 = randomValues(8 * 4, b.rand);
  const b1 = randomValues(8, b.rand, 0.1);
  const bd = randomValues(8, b.rand, 0.1);
  for (const c of zeroChannels) {
    w1.fill(0, c * 4, c * 4 + 4);
    b1[c] = 0;
    bd[c] = 0;
  }
  let x = b.node('Conv', ['X', b.weight('pw1.w', [8, 4, 1, 1], 0, w1), b.weight('pw1.b', [8], 0, b1)], 'pw1');
  x = b.node('Relu', [x], 'r1');
  x = b.node('Conv', [x, b.weight('dw.w', [8, 1, 3, 3]), b.weight('dw.b', [8], 0, bd)], 'dw', { group: 8, pads: [1, 1, 1, 1] });
  x = b.node('Relu', [x], 'r2');
  const w2 = randomValues(6 * 8, b.rand);
  for (const c of zeroOutputs) w2.fill(0, c * 8, c * 8 + 8);
  x = b.node('Conv', [x, b.weight('pw2.w', [6, 8, 1, 1], 0, w2)], 'pw2');
  x = b.node('GlobalAveragePool', [x], 'gap');
  x = b.node('Flatten', [x], 'flat');
  b.node('Gemm', [x, b.weight('fc.w', [3, 6]), b.weight('fc.b', [3], 0.1)], 'Y', { transB: 1 });
  return b.model(['X', ['N', 4, 6, 6]], ['Y', ['N', 3]]);
}

/**
 * X[N,4,6,6] → Conv a 4→8 → Relu → r, then a pattern that makes removing a's channels unsafe:
 * concat: Concat(r, X) → Conv 12→2;  shape: Reshape(r, Shape(r)) → Conv 8→2;  grouped: Conv 8→2 with group 2.
 */
export function refusalNet(kind: 'concat' | 'shape' | 'grouped', seed = 8): ModelProto {
  const b = new Builder(mulberry32(seed));
  let x = b.node('Conv', ['X', b.weight('a.w', [8, 4, 3, 3], 0.3), b.weight('a.b', [8], 0.1)], 'a', { pads: [1, 1, 1, 1] });
  x = b.node('Relu', [x], 'r');
  if (kind === 'concat') {
    x = b.node('Concat', [x, 'X'], 'cat', { axis: 1 });
    b.node('Conv', [x, b.weight('b.w', [2, 12, 1, 1])], 'Y');
  } else if (kind === 'shape') {
    const s = b.node('Shape', [x], 'shp');
    x = b.node('Reshape', [x, s], 'same');
    b.node('Conv', [x, b.weight('b.w', [2, 8, 1, 1])], 'Y');
  } else {
    b.node('Conv', [x, b.weight('b.w', [2, 4, 1, 1])], 'Y', { group: 2 });
  }
  return b.model(['X', ['N', 4, 6, 6]], ['Y', ['N', 2, 6, 6]]);
}
