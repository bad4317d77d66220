// Reading a model's weights independently of the engine (initializers and Constant nodes), for checks such as
// "exactly half the weights are zero".
import { readFloat32, tensorShape, type ModelProto, type TensorProto } from '../../../../src/engine/onnx';

/** Every weight-like float tensor: initializers and Constant-node values, by name, as Float32Array + shape. */
export function constantTensors(model: ModelProto): Map<string, { values: Float32Array; dims: number[] }> {
  const out = new Map<string, { values: Float32Array; dims: number[] }>();
  const g = model.graph!;
  const add = (name: string, t: TensorProto) => {
    if (t.dataType === 1 || t.dataType === 10) out.set(name, { values: readFloat32(t), dims: tensorShape(t) });
  };
  for (const t of g.initializer) add(t.name, t);
  for (const n of g.node) {
    const t = n.opType === 'Constant' ? n.attribute.find((a) => a.name === 'value')?.t : undefined;
    if (t) add(n.output[0], t);
  }
  return out;
}

export function countZeros(v: Float32Array): number {
  let z = 0;
  for (const x of v) if (x === 0) z++;
  return z;
}

/** Names of the weight tensors (Conv/Gemm input 1, the constant input of a MatMul). */
export function weightNames(model: ModelProto): string[] {
  const constants = constantTensors(model);
  const names = new Set<string>();
  for (const n of model.graph!.node) {
    if (n.opType === 'Conv' || n.opType === 'Gemm') {
      if (constants.has(n.input[1])) names.add(n.input[1]);
    } else if (n.opType === 'MatMul') {
      const w = n.input.find((i) => constants.has(i));
      if (w) names.add(w);
    }
  }
  return [...names];
}
