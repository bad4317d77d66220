// Bad model files for the hardening E2E test, built from the real digits model or by hand with the engine's codec.
import { readFileSync } from 'node:fs';
import { DataType, create, decodeModel, encodeModel, makeNode, makeTensor } from '../../src/engine/onnx';

const digits = () => new Uint8Array(readFileSync('models/digits/model.onnx'));

export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);

/** The digits model cut off a quarter of the way in, as an interrupted download leaves it. */
export function truncatedDigits(): Buffer {
  const bytes = digits();
  return Buffer.from(bytes.subarray(0, bytes.length >> 2));
}

/** The digits model with its pooling replaced by an operator nobody implements (a custom op, say). */
export function unknownOpDigits(): Buffer {
  const model = decodeModel(digits());
  model.graph!.node.find((n) => n.opType === 'MaxPool')!.opType = 'Frobnicate';
  return Buffer.from(encodeModel(model));
}

/**
 * A valid model that asks ORT for a 4 GB tensor at run time: Y = X + zeros(N * 2^30). The size depends on the
 * input's batch, so ORT cannot fold it away at load; WASM's 32-bit address space cannot hold it.
 */
export function hugeAllocation(): Buffer {
  const io = (name: string, dim: string) => create.valueInfo({ name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimParam: dim }] } } } });
  const graph = create.graph({
    name: 'huge',
    node: [
      makeNode({ opType: 'Shape', inputs: ['X'], outputs: ['n'], name: 'shape' }),
      makeNode({ opType: 'Mul', inputs: ['n', 'size'], outputs: ['dims'], name: 'mul' }),
      makeNode({ opType: 'ConstantOfShape', inputs: ['dims'], outputs: ['zeros'], name: 'alloc', attributes: { value: makeTensor('v', DataType.FLOAT, [1], [0]) } }),
      makeNode({ opType: 'Add', inputs: ['X', 'zeros'], outputs: ['Y'], name: 'add' }),
    ],
    initializer: [makeTensor('size', DataType.INT64, [1], [2 ** 30])],
    input: [io('X', 'N')],
    output: [io('Y', 'M')],
  });
  return Buffer.from(encodeModel(create.model({ irVersion: 8, graph, opsetImport: [create.opset({ domain: '', version: 17 })] })));
}
