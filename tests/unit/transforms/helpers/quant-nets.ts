// Hand-built models for the quantization tests, with weights from a seeded PRNG so every run sees the same bytes.
import { DataType, makeNode, makeTensor, type ModelProto } from '../../../../src/engine/onnx';
import { buildModel as model, randomFloats, valueInfo } from './build';

const f32 = (name: string, dims: number[], seed: number, scale: number) => makeTensor(name, DataType.FLOAT, dims, randomFloats(dims.reduce((a, b) => a * b, 1), seed, scale));

/** X[N,64] -> MatMul(64x32) + b -> Relu -> Gemm(transB, alpha 0.5, beta 2) -> Y[N,10]. K is a multiple of 32. */
export function mlpModel(): ModelProto {
  return model('mlp', [
    makeNode({ opType: 'MatMul', inputs: ['X', 'W1'], outputs: ['h'], name: 'fc1' }),
    makeNode({ opType: 'Add', inputs: ['h', 'b1'], outputs: ['hb'], name: 'fc1_bias' }),
    makeNode({ opType: 'Relu', inputs: ['hb'], outputs: ['r'], name: 'relu1' }),
    makeNode({ opType: 'Gemm', inputs: ['r', 'W2', 'b2'], outputs: ['Y'], name: 'fc2', attributes: { transB: 1 }, floatAttributes: { alpha: 0.5, beta: 2 } }),
  ], [f32('W1', [64, 32], 1, 0.25), f32('b1', [32], 2, 0.1), f32('W2', [10, 32], 3, 0.4), f32('b2', [10], 4, 0.1)],
  [valueInfo('X', DataType.FLOAT, ['N', 64])], [valueInfo('Y', DataType.FLOAT, ['N', 10])]);
}

/**
 * X[N,3,12,12] -> Conv(8x3x3x3, pads 1) -> Relu -> Conv(16x8x3x3, stride 2) -> Relu -> GlobalAveragePool -> Flatten
 * -> Gemm(16 -> 5) -> Y[N,5]. conv1's output channels have very different ranges (x100 ... x0.01), which
 * per-tensor scales handle badly and per-channel scales handle well.
 */
export function convModel(): ModelProto {
  const w1 = randomFloats(8 * 27, 11, 0.3);
  const gains = [100, 30, 10, 3, 1, 0.3, 0.1, 0.01];
  for (let o = 0; o < 8; o++) for (let i = 0; i < 27; i++) w1[o * 27 + i] *= gains[o];
  return model('convnet', [
    makeNode({ opType: 'Conv', inputs: ['X', 'W1', 'B1'], outputs: ['c1'], name: 'conv1', attributes: { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } }),
    makeNode({ opType: 'Relu', inputs: ['c1'], outputs: ['r1'], name: 'relu1' }),
    makeNode({ opType: 'Conv', inputs: ['r1', 'W2', 'B2'], outputs: ['c2'], name: 'conv2', attributes: { strides: [2, 2], kernel_shape: [3, 3] } }),
    makeNode({ opType: 'Relu', inputs: ['c2'], outputs: ['r2'], name: 'relu2' }),
    makeNode({ opType: 'GlobalAveragePool', inputs: ['r2'], outputs: ['p'], name: 'gap' }),
    makeNode({ opType: 'Flatten', inputs: ['p'], outputs: ['f'], name: 'flatten' }),
    makeNode({ opType: 'Gemm', inputs: ['f', 'W3', 'B3'], outputs: ['Y'], name: 'fc' }),
  ], [makeTensor('W1', DataType.FLOAT, [8, 3, 3, 3], w1), f32('B1', [8], 12, 0.1), f32('W2', [16, 8, 3, 3], 13, 0.05), f32('B2', [16], 14, 0.1),
    f32('W3', [16, 5], 15, 0.5), f32('B3', [5], 16, 0.1)],
  [valueInfo('X', DataType.FLOAT, ['N', 3, 12, 12])], [valueInfo('Y', DataType.FLOAT, ['N', 5])]);
}

/**
 * A model with ops the techniques do not handle: an embedding Gather (ids input), a com.microsoft Gelu, TopK
 * (float16 block list) and shape arithmetic through float (Shape -> Cast -> Mul -> Cast -> Reshape).
 *   h = Gelu(X[N,32] @ W1[32,32]) + Gather(E[64,32], ids[N]);  Y = Reshape(h @ W2[32,8], shape);  top = TopK(Y, 3)
 */
export function mixedModel(): ModelProto {
  return model('mixed', [
    makeNode({ opType: 'MatMul', inputs: ['X', 'W1'], outputs: ['h0'], name: 'fc1' }),
    makeNode({ opType: 'Gelu', domain: 'com.microsoft', inputs: ['h0'], outputs: ['h1'], name: 'gelu' }),
    makeNode({ opType: 'Gather', inputs: ['E', 'ids'], outputs: ['emb'], name: 'embedding' }),
    makeNode({ opType: 'Add', inputs: ['h1', 'emb'], outputs: ['h'], name: 'add' }),
    makeNode({ opType: 'MatMul', inputs: ['h', 'W2'], outputs: ['y0'], name: 'fc2' }),
    makeNode({ opType: 'Shape', inputs: ['y0'], outputs: ['s'], name: 'shape' }),
    makeNode({ opType: 'Cast', inputs: ['s'], outputs: ['sf'], name: 'shape_to_float', attributes: { to: DataType.FLOAT } }),
    makeNode({ opType: 'Mul', inputs: ['sf', 'one'], outputs: ['sm'], name: 'shape_mul' }),
    makeNode({ opType: 'Cast', inputs: ['sm'], outputs: ['si'], name: 'shape_to_int', attributes: { to: DataType.INT64 } }),
    makeNode({ opType: 'Reshape', inputs: ['y0', 'si'], outputs: ['Y'], name: 'reshape' }),
    makeNode({ opType: 'TopK', inputs: ['Y', 'k'], outputs: ['top', 'top_idx'], name: 'topk' }),
  ], [f32('W1', [32, 32], 21, 0.3), f32('E', [64, 32], 22, 1), f32('W2', [32, 8], 23, 0.3),
    makeTensor('one', DataType.FLOAT, [], [1]), makeTensor('k', DataType.INT64, [1], [3])],
  [valueInfo('X', DataType.FLOAT, ['N', 32]), valueInfo('ids', DataType.INT64, ['N'])],
  [valueInfo('Y', DataType.FLOAT, ['N', 8]), valueInfo('top', DataType.FLOAT, ['N', 3]), valueInfo('top_idx', DataType.INT64, ['N', 3])],
  [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }]);
}
