// A small graph builder for the generated Transformers: nodes named after what they compute, weights drawn from the
// seeded generator (weights.ts), graph constants kept apart (prefix `const.`) so the parameter count is the weights
// alone. In `dry` mode weights get their shape but no data: the same build code counts a 124 M-parameter model's
// parameters without allocating it.
import { DataType, create, makeNode, makeTensor, type NodeProto, type TensorProto } from '../onnx';
import { weightValues, type WeightInit } from './weights';

export const CONST_PREFIX = 'const.';

type Attr = number | number[] | string;

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly weights: TensorProto[] = [];
  readonly constants: TensorProto[] = [];
  #constNames = new Set<string>();

  constructor(private readonly seed: number, private readonly dry: boolean) {}

  /** Adds a node with one output, named `name`, and returns it. */
  op(opType: string, inputs: string[], name: string, attributes?: Record<string, Attr>, floatAttributes?: Record<string, number>): string {
    this.nodes.push(makeNode({ opType, inputs, outputs: [name], name, attributes, floatAttributes }));
    return name;
  }

  /** A node with several outputs (Split). */
  multi(opType: string, inputs: string[], outputs: string[], name: string, attributes?: Record<string, Attr>): string[] {
    this.nodes.push(makeNode({ opType, inputs, outputs, name, attributes }));
    return outputs;
  }

  /** A float32 weight; its values come from the model seed and its name. */
  weight(name: string, dims: number[], init: WeightInit): string {
    if (this.dry) {
      this.weights.push(create.tensor({ name, dataType: DataType.FLOAT, dims }));
      return name;
    }
    const values = weightValues(this.seed, name, dims, init);
    // raw_data over the values' own buffer: a 440 MB model is not copied once more before encoding.
    this.weights.push(create.tensor({ name, dataType: DataType.FLOAT, dims, rawData: new Uint8Array(values.buffer) }));
    return name;
  }

  /** A graph constant (shape, axis, scale); added once per name. */
  constant(name: string, dataType: DataType, dims: number[], values: readonly number[]): string {
    const full = `${CONST_PREFIX}${name}`;
    if (!this.#constNames.has(full)) {
      this.#constNames.add(full);
      this.constants.push(makeTensor(full, dataType, dims, values));
    }
    return full;
  }

  int64(name: string, values: readonly number[], scalar = false): string {
    return this.constant(`i64.${name}`, DataType.INT64, scalar ? [] : [values.length], values);
  }

  float(name: string, value: number): string {
    return this.constant(`f32.${name}`, DataType.FLOAT, [], [value]);
  }

  /** x · W + b, with W [k, n]. */
  linear(x: string, name: string, k: number, n: number): string {
    const mm = this.op('MatMul', [x, this.weight(`${name}.weight`, [k, n], { kind: 'matrix' })], `${name}.matmul`);
    return this.op('Add', [mm, this.weight(`${name}.bias`, [n], { kind: 'bias' })], `${name}.add`);
  }

  layerNorm(x: string, name: string, d: number, epsilon: number): string {
    const scale = this.weight(`${name}.weight`, [d], { kind: 'gain' });
    const bias = this.weight(`${name}.bias`, [d], { kind: 'bias' });
    return this.op('LayerNormalization', [x, scale, bias], name, { axis: -1 }, { epsilon });
  }

  /**
   * GELU(h) = 0.5 h (1 + erf(h / √2)), exactly the node pattern ORT's GeluFusion matches (Div by √2, not Mul by
   * 1/√2), so the session runs one Gelu kernel instead of five element-wise passes.
   */
  gelu(h: string, name: string): string {
    const erf = this.op('Erf', [this.op('Div', [h, this.float('sqrt2', Math.SQRT2)], `${name}.scale`)], `${name}.erf`);
    const half = this.op('Mul', [h, this.float('half', 0.5)], `${name}.half`);
    return this.op('Mul', [half, this.op('Add', [erf, this.float('one', 1)], `${name}.plus1`)], name);
  }

  /** [B, T, d] -> [B, heads, T, dh], or [B, heads, dh, T] for keys that go straight into Q·Kᵀ. */
  splitHeads(x: string, name: string, heads: number, dh: number, transposed = false): string {
    const r = this.op('Reshape', [x, this.int64(`split_heads_${heads}x${dh}`, [0, 0, heads, dh])], `${name}.split`);
    return this.op('Transpose', [r], `${name}.heads`, { perm: transposed ? [0, 2, 3, 1] : [0, 2, 1, 3] });
  }

  /** [B, heads, T, dh] -> [B, T, d]. */
  mergeHeads(x: string, name: string, d: number): string {
    const t = this.op('Transpose', [x], `${name}.unheads`, { perm: [0, 2, 1, 3] });
    return this.op('Reshape', [t, this.int64(`merge_heads_${d}`, [0, 0, d])], `${name}.merge`);
  }
}

export function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return create.valueInfo({ name, type: { tensorType: { elemType, shape: { dim } } } });
}
