// Gradient checks for every operator the graph engine differentiates: the engine's backward pass against
// central finite differences in float64, on one-node graphs whose float inputs are all trainable initializers.
import { describe, expect, it } from 'vitest';
import { OPS } from '../../../src/engine/train/graph/ops';
import { checkModel, opModel, type OpCase } from './op-graphs';

const ints = (v: number[]) => ({ ints: v, dims: [v.length] });

const CASES: OpCase[] = [
  { name: 'add-broadcast', op: 'Add', inputs: [[2, 3, 4], [3, 1]] },
  { name: 'sub-broadcast', op: 'Sub', inputs: [[4], [2, 3, 4]] },
  { name: 'mul-broadcast', op: 'Mul', inputs: [[2, 1, 4], [3, 1]] },
  { name: 'div-broadcast', op: 'Div', inputs: [[2, 3], [3]], positive: true },
  { name: 'relu', op: 'Relu', inputs: [[3, 5]] },
  { name: 'leaky-relu', op: 'LeakyRelu', inputs: [[3, 5]], floats: { alpha: 0.1 } },
  { name: 'sigmoid', op: 'Sigmoid', inputs: [[3, 5]] },
  { name: 'tanh', op: 'Tanh', inputs: [[3, 5]] },
  { name: 'erf', op: 'Erf', inputs: [[3, 5]] },
  { name: 'sqrt', op: 'Sqrt', inputs: [[3, 5]], positive: true },
  { name: 'neg', op: 'Neg', inputs: [[4]] },
  { name: 'identity', op: 'Identity', inputs: [[4]] },
  { name: 'dropout-inference', op: 'Dropout', inputs: [[4]] },
  { name: 'cast-float', op: 'Cast', inputs: [[4]], attrs: { to: 1 } },
  { name: 'where', op: 'Where', inputs: [{ ints: [1, 0, 0, 1, 1, 0], dims: [2, 3] }, [2, 3], [3]] },
  { name: 'gemm-dense', op: 'Gemm', inputs: [[3, 5], [4, 5], [4]], attrs: { transB: 1 } },
  { name: 'gemm-dense-no-bias', op: 'Gemm', inputs: [[3, 5], [4, 5]], attrs: { transB: 1 } },
  { name: 'gemm-general', op: 'Gemm', inputs: [[5, 3], [5, 4], [1, 4]], attrs: { transA: 1 }, floats: { alpha: 0.7, beta: 0.5 } },
  { name: 'gemm-plain', op: 'Gemm', inputs: [[3, 5], [5, 2], [2]] },
  { name: 'matmul-2d', op: 'MatMul', inputs: [[3, 5], [5, 4]] },
  { name: 'matmul-3d-by-weights', op: 'MatMul', inputs: [[2, 3, 5], [5, 4]] },
  { name: 'matmul-batched-broadcast', op: 'MatMul', inputs: [[2, 3, 4, 5], [1, 3, 5, 2]] },
  { name: 'conv-3x3-pad1', op: 'Conv', inputs: [[2, 3, 6, 6], [4, 3, 3, 3], [4]], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } },
  { name: 'conv-odd-channels', op: 'Conv', inputs: [[1, 2, 5, 5], [3, 2, 3, 3], [3]], attrs: { pads: [1, 1, 1, 1] } },
  { name: 'conv-2x2-stride2-no-bias', op: 'Conv', inputs: [[2, 2, 6, 5], [3, 2, 2, 2]], attrs: { strides: [2, 2] } },
  { name: 'conv-asymmetric-pads', op: 'Conv', inputs: [[1, 2, 5, 4], [2, 2, 3, 2], [2]], attrs: { pads: [1, 0, 0, 1], strides: [2, 1] } },
  { name: 'maxpool-2x2', op: 'MaxPool', inputs: [[2, 3, 4, 6]], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
  { name: 'maxpool-3x3-stride1', op: 'MaxPool', inputs: [[1, 2, 5, 5]], attrs: { kernel_shape: [3, 3] } },
  { name: 'flatten', op: 'Flatten', inputs: [[2, 3, 2]], attrs: { axis: 1 } },
  { name: 'reshape', op: 'Reshape', inputs: [[2, 3, 4], ints([0, -1, 2])] },
  { name: 'transpose', op: 'Transpose', inputs: [[2, 3, 4]], attrs: { perm: [2, 0, 1] } },
  { name: 'unsqueeze', op: 'Unsqueeze', inputs: [[2, 3], ints([0, -1])] },
  { name: 'squeeze', op: 'Squeeze', inputs: [[2, 1, 3, 1], ints([1])] },
  { name: 'concat', op: 'Concat', inputs: [[2, 3], [2, 2]], attrs: { axis: 1 } },
  { name: 'slice-steps', op: 'Slice', inputs: [[4, 6], ints([1, -1]), ints([4, 0]), ints([0, 1]), ints([2, -2])] },
  { name: 'gather-rows', op: 'Gather', inputs: [[5, 3], { ints: [4, 0, 4, 2, -1, 1], dims: [2, 3] }] },
  { name: 'gather-axis1', op: 'Gather', inputs: [[2, 4, 3], { ints: [3, 1], dims: [2] }], attrs: { axis: 1 } },
  { name: 'layer-norm', op: 'LayerNormalization', inputs: [[3, 6], [6], [6]], attrs: { axis: -1 } },
  { name: 'softmax', op: 'Softmax', inputs: [[2, 3, 5]], attrs: { axis: -1 } },
  { name: 'reduce-sum', op: 'ReduceSum', inputs: [[2, 3, 4], ints([1])], attrs: { keepdims: 0 } },
  { name: 'reduce-mean', op: 'ReduceMean', inputs: [[2, 3, 4]], attrs: { axes: [0, 2], keepdims: 1 } },
];

describe('graph engine gradients (finite differences, float64)', () => {
  for (const c of CASES) {
    it(`${c.op}: ${c.name}`, () => {
      const r = checkModel(opModel(c));
      expect(r.checked).toBeGreaterThan(0);
      expect(r.maxRelError, r.worst).toBeLessThan(1e-5);
    });
  }

  it('covers every operator that has a backward pass', () => {
    const differentiable = Object.entries(OPS).filter(([, op]) => op.backward).map(([name]) => name).sort();
    expect([...new Set(CASES.map((c) => c.op))].sort()).toEqual(differentiable);
  });

  it('catches a wrong gradient (a 1% error in one Conv weight)', () => {
    const r = checkModel(opModel(CASES.find((c) => c.name === 'conv-3x3-pad1')!), (g) => { g.in1[7] *= 1.01; });
    expect(r.maxRelError).toBeGreaterThan(1e-3);
    expect(r.worst).toContain('in1[7]');
  });
});
