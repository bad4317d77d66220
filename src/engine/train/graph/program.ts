// The graph engine: runs an ONNX graph forward on engine tensors and, after a training forward, backward to the
// graph's float initializers (reverse-mode automatic differentiation over the node list, which ONNX keeps in
// topological order). The same program is the teacher's inference and the student's training graph, and the
// trained values are written back into the model, so the result is the same graph with new weights.
import { DataType, makeTensor, readFloat32, readIntegers, setInitializer, tensorShape, type ModelProto, type NodeProto, type TensorProto } from '../../onnx';
import { addInto, type Vec, type VecCtor } from '../kernels/vec';
import { isDifferentiableInput, OPS } from './ops';
import { UnsupportedError, type Op, type OpEnv } from './ops/types';
import { floatTensor, intTensor, type Tensor } from './tensor';

export interface ProgramOptions {
  /** Float precision: Float32Array (training) or Float64Array (gradient checks). */
  F?: VecCtor;
  /** Float initializers to train. Default: every float initializer of rank >= 1 that reaches a differentiable input. */
  trainable?: (name: string, tensor: TensorProto) => boolean;
  /** Initializers never to train, whatever `trainable` says (layers a mixed recipe keeps as they are). */
  frozen?: ReadonlySet<string>;
}

interface Step {
  node: NodeProto;
  op: Op;
  /** Per input: does a gradient have to flow into it? */
  need: boolean[];
}

interface Taped { inputs: (Tensor | undefined)[]; outputs: Tensor[]; saved: unknown }

const INTEGER_TYPES = new Set<number>([DataType.INT64, DataType.INT32, DataType.INT16, DataType.INT8, DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.BOOL]);

export class GraphProgram {
  /** Trainable tensors by initializer name (the program's own copies; forward reads them live). */
  readonly params: Record<string, Vec> = {};
  readonly grads: Record<string, Vec> = {};
  readonly paramDims: Record<string, number[]> = {};
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly #constants = new Map<string, Tensor>();
  readonly #steps: Step[];
  readonly #env: OpEnv;
  #tape: Taped[] | null = null;

  constructor(model: ModelProto, options: ProgramOptions = {}) {
    const graph = model.graph;
    if (!graph) throw new UnsupportedError('The model has no graph to train.');
    const F = options.F ?? Float32Array;
    this.#env = { F, opset: model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx')?.version ?? 1 };
    const missing = graph.node.filter((n) => !OPS[n.opType] || (n.domain && n.domain !== 'ai.onnx') || n.attribute.some((a) => a.g || a.graphs?.length));
    if (missing.length) {
      const kinds = [...new Set(missing.map((n) => (n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType)))];
      throw new UnsupportedError(`The training engine cannot run ${kinds.join(', ')} (node "${missing[0].name || missing[0].output[0]}"${missing.length > 1 ? ` and ${missing.length - 1} more` : ''}). It trains float graphs built from ${Object.keys(OPS).sort().join(', ')}.`);
    }
    const differentiableReaders = new Set<string>();
    for (const n of graph.node) n.input.forEach((name, i) => { if (isDifferentiableInput(OPS[n.opType], i)) differentiableReaders.add(name); });
    const wanted = options.trainable ?? ((name: string, t: TensorProto) => t.dims.length >= 1 && differentiableReaders.has(name));
    for (const t of graph.initializer) {
      const dims = tensorShape(t);
      if (t.dataType === DataType.FLOAT) {
        const data = F.from(readFloat32(t));
        this.#constants.set(t.name, floatTensor(dims, data));
        if (wanted(t.name, t) && !options.frozen?.has(t.name)) {
          this.params[t.name] = data;
          this.grads[t.name] = new F(data.length);
          this.paramDims[t.name] = dims;
        }
      } else if (INTEGER_TYPES.has(t.dataType)) {
        this.#constants.set(t.name, intTensor(dims, readIntegers(t)));
      } else {
        throw new UnsupportedError(`The training engine cannot read initializer "${t.name}" (data type ${t.dataType}): it trains float32 graphs.`);
      }
    }
    const initialized = new Set(graph.initializer.map((t) => t.name));
    this.inputNames = graph.input.map((i) => i.name).filter((n) => !initialized.has(n));
    this.outputNames = graph.output.map((o) => o.name);
    const requires = new Set(Object.keys(this.params));
    this.#steps = graph.node.map((node) => {
      const op = OPS[node.opType];
      const need = node.input.map((name, i) => name !== '' && requires.has(name) && isDifferentiableInput(op, i));
      if (need.some(Boolean)) node.output.forEach((o) => requires.add(o));
      return { node, op, need };
    });
  }

  /** Runs the graph. With `train`, keeps what backward() needs (one forward's worth). */
  forward(feeds: Record<string, Tensor>, train = false): Record<string, Tensor> {
    const values = new Map(this.#constants);
    for (const name of this.inputNames) {
      const t = feeds[name];
      if (!t) throw new Error(`The training engine needs the input "${name}".`);
      values.set(name, t);
    }
    const tape: Taped[] | null = train ? [] : null;
    for (const { node, op } of this.#steps) {
      const inputs = node.input.map((name) => {
        if (name === '') return undefined;
        const v = values.get(name);
        if (!v) throw new Error(`The training engine found no value for "${name}" (read by node "${node.name}").`);
        return v;
      });
      const { outputs, saved } = op.forward(node, inputs, this.#env);
      node.output.forEach((name, i) => { if (name && outputs[i]) values.set(name, outputs[i]); });
      tape?.push({ inputs, outputs, saved });
    }
    this.#tape = tape;
    const out: Record<string, Tensor> = {};
    for (const name of this.outputNames) out[name] = values.get(name)!;
    return out;
  }

  zeroGrads(): void {
    for (const g of Object.values(this.grads)) g.fill(0);
  }

  /** Adds dLoss/dparam into `grads` for the seeds dLoss/d(output) of the last training forward. */
  backward(seeds: Record<string, Vec>): void {
    const tape = this.#tape;
    if (!tape) throw new Error('backward() needs a forward(feeds, true) first.');
    const grads = new Map<string, Vec>();
    // A gradient array is held under one name at a time; a second holder gets a copy, so adding into one
    // never changes another.
    const holders = new Set<Vec>();
    const add = (name: string, g: Vec) => {
      const held = grads.get(name);
      if (held) return addInto(held, g);
      const own = holders.has(g) ? g.slice() : g;
      grads.set(name, own);
      holders.add(own);
    };
    for (const [name, g] of Object.entries(seeds)) add(name, g.slice());
    for (let i = this.#steps.length - 1; i >= 0; i--) {
      const { node, op, need } = this.#steps[i];
      if (!op.backward || !need.some(Boolean)) continue;
      const outGrads = node.output.map((o) => grads.get(o));
      if (outGrads.every((g) => g === undefined)) continue;
      const { inputs, outputs, saved } = tape[i];
      const inGrads = op.backward({ node, inputs, outputs, grads: outGrads, saved, need, env: this.#env });
      for (const o of node.output) {
        const g = grads.get(o);
        if (g) holders.delete(g);
        grads.delete(o);
      }
      inGrads.forEach((g, j) => { if (g && need[j]) add(node.input[j], g); });
    }
    for (const [name, g] of Object.entries(this.grads)) {
      const got = grads.get(name);
      if (got) addInto(g, got);
    }
    this.#tape = null;
  }

  /** Writes the trained values back as float32 initializers of `model` (same names, shapes and order). */
  writeBack(model: ModelProto): void {
    for (const [name, data] of Object.entries(this.params)) {
      setInitializer(model.graph!, makeTensor(name, DataType.FLOAT, this.paramDims[name], Float32Array.from(data)));
    }
  }
}
