// Hand-built two-layer models for the training-free recovery tests, their seeded weights, and plain float64
// forward passes written here (independent of the engine) to compute what the techniques should produce.
import { create, DataType, encodeModel, makeNode, makeTensor } from '../../../src/engine/onnx';
import { mulberry32 } from '../../../src/engine/random';
import type { Feeds } from '../../../src/engine/tensor-data';

export function seeded(n: number, seed: number, scale = 1): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

function io(name: string, dims: number[]) {
  return create.valueInfo({ name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
}

function model(nodes: ReturnType<typeof makeNode>[], inits: ReturnType<typeof makeTensor>[], input: number[], output: number[]): Uint8Array {
  const graph = create.graph({ name: 'recovery', node: nodes, initializer: inits, input: [io('X', input)], output: [io('Y', output)] });
  return encodeModel(create.model({ irVersion: 8, producerName: 'modellab-tests', graph, opsetImport: [create.opset({ domain: '', version: 17 })] }));
}

/** X[1,4] -> Gemm g1 (W1 [4,6], b1) -> Relu -> Gemm g2 (W2 stored [3,6], transB=1, b2) -> Y[1,3]. */
export const MLP = { w1: seeded(24, 1), b1: seeded(6, 2, 0.3), w2: seeded(18, 3), b2: seeded(3, 4, 0.2) };

export function mlpBytes(): Uint8Array {
  return model([
    makeNode({ opType: 'Gemm', inputs: ['X', 'W1', 'B1'], outputs: ['h'], name: 'g1' }),
    makeNode({ opType: 'Relu', inputs: ['h'], outputs: ['r'], name: 'relu' }),
    makeNode({ opType: 'Gemm', inputs: ['r', 'W2', 'B2'], outputs: ['Y'], name: 'g2', attributes: { transB: 1 } }),
  ], [
    makeTensor('W1', DataType.FLOAT, [4, 6], MLP.w1), makeTensor('B1', DataType.FLOAT, [6], MLP.b1),
    makeTensor('W2', DataType.FLOAT, [3, 6], MLP.w2), makeTensor('B2', DataType.FLOAT, [3], MLP.b2),
  ], [1, 4], [1, 3]);
}

/** relu(x W1[:, cols] + b1[cols]) in float64. */
export function mlpHidden(x: ArrayLike<number>, cols: readonly number[]): number[] {
  return cols.map((j) => {
    let s = MLP.b1[j];
    for (let i = 0; i < 4; i++) s += x[i] * MLP.w1[i * 6 + j];
    return Math.max(0, s);
  });
}

export function mlpOutput(x: ArrayLike<number>): number[] {
  const h = mlpHidden(x, [0, 1, 2, 3, 4, 5]);
  return [0, 1, 2].map((c) => MLP.b2[c] + h.reduce((s, v, j) => s + v * MLP.w2[c * 6 + j], 0));
}

/** X[1,2,5,5] -> Conv c1 (W [4,2,3,3], b, pad 1) -> Relu -> Conv c2 (W [3,4,3,3], b, pad 1) -> Y[1,3,5,5]. */
export const CNN = { w1: seeded(72, 11), b1: seeded(4, 12, 0.3), w2: seeded(108, 13), b2: seeded(3, 14, 0.2) };

export function cnnBytes(): Uint8Array {
  const pads = { pads: [1, 1, 1, 1], kernel_shape: [3, 3] };
  return model([
    makeNode({ opType: 'Conv', inputs: ['X', 'W1', 'B1'], outputs: ['h'], name: 'c1', attributes: pads }),
    makeNode({ opType: 'Relu', inputs: ['h'], outputs: ['r'], name: 'relu' }),
    makeNode({ opType: 'Conv', inputs: ['r', 'W2', 'B2'], outputs: ['Y'], name: 'c2', attributes: pads }),
  ], [
    makeTensor('W1', DataType.FLOAT, [4, 2, 3, 3], CNN.w1), makeTensor('B1', DataType.FLOAT, [4], CNN.b1),
    makeTensor('W2', DataType.FLOAT, [3, 4, 3, 3], CNN.w2), makeTensor('B2', DataType.FLOAT, [3], CNN.b2),
  ], [1, 2, 5, 5], [1, 3, 5, 5]);
}

/** 3x3 convolution with padding 1 over a [C, 5, 5] input, float64: out[o][y][x]. */
export function conv3x3(x: ArrayLike<number>, cin: number, w: ArrayLike<number>, b: ArrayLike<number>, outs: readonly number[], ins: readonly number[]): number[][] {
  return outs.map((o) => {
    const plane: number[] = [];
    for (let y = 0; y < 5; y++) for (let xx = 0; xx < 5; xx++) {
      let s = b[o];
      ins.forEach((c) => {
        for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
          const yy = y + ky - 1, xi = xx + kx - 1;
          if (yy >= 0 && yy < 5 && xi >= 0 && xi < 5) s += x[(c * 5 + yy) * 5 + xi] * w[((o * cin + c) * 3 + ky) * 3 + kx];
        }
      });
      plane.push(s);
    }
    return plane;
  });
}

export function feeds(data: Float32Array, dims: number[]): Feeds {
  return { X: { type: 'float32', dims, data } };
}

/** Solves A x = b (n × n, m right-hand sides) by Gaussian elimination with partial pivoting. */
export function gaussSolve(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < m[r].length; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row.slice(n).map((v) => v / m[i][i]));
}

/** Ridge toward w0 (k × m): (AᵀA + λ' D) W = AᵀY + λ' D W0, λ' = λ · mean diag over the penalized columns. */
export function ridgeReference(a: number[][], y: number[][], w0: number[][], lambda: number, unpenalized: number): number[][] {
  const k = a[0].length;
  const ata = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => a.reduce((s, row) => s + row[i] * row[j], 0)));
  const aty = Array.from({ length: k }, (_, i) => y[0].map((_, c) => a.reduce((s, row, r) => s + row[i] * y[r][c], 0)));
  const penalized = [...Array(k).keys()].filter((i) => i !== unpenalized);
  const l = (lambda * penalized.reduce((s, i) => s + ata[i][i], 0)) / penalized.length;
  for (const i of penalized) {
    ata[i][i] += l;
    aty[i] = aty[i].map((v, c) => v + l * w0[i][c]);
  }
  return gaussSolve(ata, aty);
}

/** X[1,2,5,5] -> Conv c1 -> BatchNormalization bn (stale running stats) -> Relu -> Conv c2 -> Y[1,3,5,5]. */
export const BN = { scale: seeded(4, 21, 1).map((v) => 1 + v / 2), bias: seeded(4, 22, 0.5), mean: seeded(4, 23, 0.5), variance: seeded(4, 24, 1).map((v) => 1.5 + v) };

export function cnnBnBytes(): Uint8Array {
  const pads = { pads: [1, 1, 1, 1], kernel_shape: [3, 3] };
  return model([
    makeNode({ opType: 'Conv', inputs: ['X', 'W1', 'B1'], outputs: ['h'], name: 'c1', attributes: pads }),
    makeNode({ opType: 'BatchNormalization', inputs: ['h', 'S', 'Bb', 'M', 'V'], outputs: ['n'], name: 'bn', attributes: { epsilon: 1e-5 } }),
    makeNode({ opType: 'Relu', inputs: ['n'], outputs: ['r'], name: 'relu' }),
    makeNode({ opType: 'Conv', inputs: ['r', 'W2', 'B2'], outputs: ['Y'], name: 'c2', attributes: pads }),
  ], [
    makeTensor('W1', DataType.FLOAT, [4, 2, 3, 3], CNN.w1), makeTensor('B1', DataType.FLOAT, [4], CNN.b1),
    makeTensor('S', DataType.FLOAT, [4], BN.scale), makeTensor('Bb', DataType.FLOAT, [4], BN.bias),
    makeTensor('M', DataType.FLOAT, [4], BN.mean), makeTensor('V', DataType.FLOAT, [4], BN.variance),
    makeTensor('W2', DataType.FLOAT, [3, 4, 3, 3], CNN.w2), makeTensor('B2', DataType.FLOAT, [3], CNN.b2),
  ], [1, 2, 5, 5], [1, 3, 5, 5]);
}

/** X[1,6] -> MatMul (W [6,4], no bias) -> Y[1,4]. */
export const LINEAR = { w: seeded(24, 31) };

export function linearBytes(): Uint8Array {
  return model([makeNode({ opType: 'MatMul', inputs: ['X', 'W'], outputs: ['Y'], name: 'mm' })], [makeTensor('W', DataType.FLOAT, [6, 4], LINEAR.w)], [1, 6], [1, 4]);
}

export function linearOutput(x: ArrayLike<number>): number[] {
  return [0, 1, 2, 3].map((c) => [0, 1, 2, 3, 4, 5].reduce((s, i) => s + x[i] * LINEAR.w[i * 4 + c], 0));
}
