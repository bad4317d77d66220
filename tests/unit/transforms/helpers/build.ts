// Building blocks for the hand-built test graphs: seeded weights (the project's one PRNG), value infos and the
// model wrapper, shared by the quantization and pruning nets.
import { create, DataType, type ModelProto, type NodeProto, type TensorProto } from '../../../../src/engine/onnx';
import { mulberry32 } from '../../../../src/engine/random';

export { mulberry32 };

/** Values uniform in [-scale, scale), from a seed or from a running stream (so a net's weights differ). */
export function randomFloats(n: number, seed: number | (() => number), scale = 1): Float32Array {
  const rand = typeof seed === 'number' ? mulberry32(seed) : seed;
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

export function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return create.valueInfo({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
}

export type ValueInfo = ReturnType<typeof valueInfo>;

export function buildModel(name: string, nodes: NodeProto[], inits: TensorProto[], inputs: ValueInfo[], outputs: ValueInfo[], opsets = [{ domain: '', version: 17 }]): ModelProto {
  const graph = create.graph({ name, node: nodes, initializer: inits, input: inputs, output: outputs });
  return create.model({ irVersion: 8, producerName: 'modellab-tests', graph, opsetImport: opsets.map((o) => create.opset(o)) });
}

export const floatInfo = (name: string, dims: (number | string)[]) => valueInfo(name, DataType.FLOAT, dims);
