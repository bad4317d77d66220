// ONNX export (and re-import of the weights) with the onnx-proto static code.
// Standard opset-17 ops only, so any runtime - here onnxruntime-web - can run it.
import onnxPkg from 'onnx-proto';
import { ARCH, PARAM_NAMES, PARAM_SHAPES, type Params } from './cnn';

const { onnx } = onnxPkg;
type INodeProto = onnxPkg.onnx.INodeProto;
type IAttributeProto = onnxPkg.onnx.IAttributeProto;
const AttrType = onnx.AttributeProto.AttributeType;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

export const PRODUCER_NAME = 'modellab-train-digits';

const ints = (name: string, v: number[]): IAttributeProto => ({ name, type: AttrType.INTS, ints: v });
const int = (name: string, v: number): IAttributeProto => ({ name, type: AttrType.INT, i: v });

/** A float32 tensor type; 'N' (string) becomes the symbolic batch dimension. */
function valueInfo(name: string, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
}

/** float32 little-endian bytes, written explicitly so host endianness can't matter. */
function float32LeBytes(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

export function exportOnnx(params: Params): Uint8Array {
  const { c1, c2, hidden, classes } = ARCH;
  const conv = (name: string, input: string, output: string): INodeProto => ({
    name, opType: 'Conv', input: [input, `${name}.weight`, `${name}.bias`], output: [output],
    attribute: [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), ints('strides', [1, 1])],
  });
  const relu = (name: string, input: string, output: string): INodeProto => ({ name, opType: 'Relu', input: [input], output: [output] });
  const pool = (name: string, input: string, output: string): INodeProto => ({
    name, opType: 'MaxPool', input: [input], output: [output],
    attribute: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])],
  });
  const gemm = (name: string, input: string, output: string): INodeProto => ({
    name, opType: 'Gemm', input: [input, `${name}.weight`, `${name}.bias`], output: [output],
    attribute: [int('transB', 1)], // weights stored [out, in], PyTorch convention
  });
  const nodes: INodeProto[] = [
    conv('conv1', 'input', 'conv1_out'), relu('relu1', 'conv1_out', 'relu1_out'), pool('pool1', 'relu1_out', 'pool1_out'),
    conv('conv2', 'pool1_out', 'conv2_out'), relu('relu2', 'conv2_out', 'relu2_out'), pool('pool2', 'relu2_out', 'pool2_out'),
    { name: 'flatten', opType: 'Flatten', input: ['pool2_out'], output: ['flatten_out'], attribute: [int('axis', 1)] },
    gemm('fc1', 'flatten_out', 'fc1_out'), relu('relu3', 'fc1_out', 'relu3_out'), gemm('fc2', 'relu3_out', 'logits'),
  ];
  // Shapes of every intermediate tensor, so viewers/tools needn't infer them.
  const intermediates: [string, (number | string)[]][] = [
    ['conv1_out', ['N', c1, 28, 28]], ['relu1_out', ['N', c1, 28, 28]], ['pool1_out', ['N', c1, 14, 14]],
    ['conv2_out', ['N', c2, 14, 14]], ['relu2_out', ['N', c2, 14, 14]], ['pool2_out', ['N', c2, 7, 7]],
    ['flatten_out', ['N', c2 * 49]], ['fc1_out', ['N', hidden]], ['relu3_out', ['N', hidden]],
  ];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: PRODUCER_NAME,
    producerVersion: '1',
    docString: 'Small CNN for 28x28 handwritten digits (MNIST convention: value/255, ink = 1). Output: raw logits for classes 0-9.',
    graph: {
      name: 'digits_cnn',
      node: nodes,
      input: [valueInfo('input', ['N', 1, 28, 28])],
      output: [valueInfo('logits', ['N', classes])],
      valueInfo: intermediates.map(([name, dims]) => valueInfo(name, dims)),
      initializer: PARAM_NAMES.map((name) => ({
        name, dataType: FLOAT, dims: [...PARAM_SHAPES[name]], rawData: float32LeBytes(params[name]),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
