// One-operator (or small) graphs for the graph engine's tests: every float input is an initializer, so the
// engine trains (and the check differentiates) each of them; integer inputs (indices, shapes) are constants.
import { create, DataType, makeNode, makeTensor, type ModelProto, type NodeProto, type TensorProto } from '../../../src/engine/onnx';
import { mulberry32 } from '../../../src/engine/random';
import { gradientCheck, type GradCheckResult } from '../../../src/engine/train/grad-check';
import { GraphProgram } from '../../../src/engine/train/graph/program';
import type { Tensor } from '../../../src/engine/train/graph/tensor';

export type Attrs = Record<string, number | number[] | string>;

export interface OpCase {
  name: string;
  op: string;
  /** Float inputs: [dims] (random values) or {dims, values}; integer inputs: {ints, dims}; '' for a skipped input. */
  inputs: (number[] | { dims: number[]; values: number[] } | { ints: number[]; dims: number[] } | '')[];
  attrs?: Attrs;
  floats?: Record<string, number>;
  opset?: number;
  /** Keep values away from kinks/poles (ReLU at 0, Sqrt/Div near 0, MaxPool ties). */
  positive?: boolean;
}

export function opModel(c: OpCase, seed = 1): ModelProto {
  const rand = mulberry32(seed);
  const inits: TensorProto[] = [];
  const names = c.inputs.map((spec, i) => {
    if (spec === '') return '';
    const name = `in${i}`;
    if (Array.isArray(spec)) {
      const n = spec.reduce((a, b) => a * b, 1);
      // Uniform magnitudes in [0.2, 1.2) with random signs (or positive): no value sits on a kink.
      const v = Float32Array.from({ length: n }, () => (c.positive || rand() < 0.5 ? 1 : -1) * (0.2 + rand()));
      inits.push(makeTensor(name, DataType.FLOAT, spec, v));
    } else if ('values' in spec) inits.push(makeTensor(name, DataType.FLOAT, spec.dims, spec.values));
    else inits.push(makeTensor(name, DataType.INT64, spec.dims, spec.ints));
    return name;
  });
  const node: NodeProto = makeNode({ opType: c.op, inputs: names, outputs: ['Y'], name: c.name, attributes: c.attrs, floatAttributes: c.floats });
  return singleOutputModel([node], inits, c.opset ?? 17);
}

export function singleOutputModel(nodes: NodeProto[], inits: TensorProto[], opset = 17, inputs: [string, number][] = []): ModelProto {
  const graph = create.graph({
    name: 'op-test', node: nodes, initializer: inits,
    input: inputs.map(([name, type]) => create.valueInfo({ name, type: { tensorType: { elemType: type } } })),
    output: [create.valueInfo({ name: 'Y', type: { tensorType: { elemType: DataType.FLOAT } } })],
  });
  return create.model({ irVersion: 8, producerName: 'modellab-tests', graph, opsetImport: [create.opset({ domain: '', version: opset })] });
}

/**
 * Finite differences of loss = Σ r·Y (r fixed random weights) against the engine's backward, in float64.
 * `corrupt` tampers with the analytic gradients (to show a wrong gradient is caught).
 */
export function checkModel(model: ModelProto, corrupt?: (g: Record<string, Float64Array>) => void, feeds: Record<string, Tensor> = {}, output = 'Y'): GradCheckResult {
  const program = new GraphProgram(model, { F: Float64Array });
  if (!Object.keys(program.params).length) throw new Error('nothing to check: the graph has no trainable inputs');
  const first = program.forward(feeds)[output];
  const rand = mulberry32(7);
  const r = Float64Array.from(first.data, () => rand() - 0.5);
  const loss = () => {
    const y = program.forward(feeds)[output].data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += r[i] * y[i];
    return s;
  };
  return gradientCheck({
    params: program.params as Record<string, Float64Array>,
    loss,
    gradients: () => {
      program.zeroGrads();
      program.forward(feeds, true);
      program.backward({ [output]: r });
      const g = Object.fromEntries(Object.entries(program.grads).map(([k, v]) => [k, Float64Array.from(v)]));
      corrupt?.(g);
      return g;
    },
  }, 1e-5);
}
