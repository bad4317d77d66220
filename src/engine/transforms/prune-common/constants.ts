// Constant tensors wherever a model keeps them. Exporters put weights either in graph initializers (PyTorch) or
// in `Constant` nodes (Paddle2ONNX: PP-OCR has no initializer at all), so the pruning transforms read and write
// weights through this store instead of `graph.initializer`, and a rewritten tensor stays where it was.
import {
  create, insertBefore, makeNode, setInitializer, type GraphProto, type NodeProto, type TensorProto, type ValueInfoProto,
} from '../../onnx';

interface Slot {
  tensor: TensorProto;
  /** The Constant node holding it, or undefined for an initializer. */
  node?: NodeProto;
}

export class ConstantStore {
  private readonly slots = new Map<string, Slot>();

  /** Initializers that IR < 4 models also list as graph inputs (their declared shape must follow the tensor). */
  private readonly listedInputs = new Map<string, ValueInfoProto>();

  constructor(private readonly graph: GraphProto, irVersion: number) {
    for (const t of graph.initializer) this.slots.set(t.name, { tensor: t });
    for (const node of graph.node) {
      const value = constantValue(node);
      if (value) this.slots.set(node.output[0], { tensor: value, node });
    }
    // From IR 4 on, an initializer that is also a graph input can be overridden at run time: not a constant.
    // Before IR 4 every initializer had to be listed as an input, and runtimes treat them as constants.
    for (const input of graph.input) {
      if (this.slots.get(input.name)?.node) continue;
      if (irVersion >= 4) this.slots.delete(input.name);
      else if (this.slots.has(input.name)) this.listedInputs.set(input.name, input);
    }
  }

  get(name: string): TensorProto | undefined {
    return this.slots.get(name)?.tensor;
  }

  /** Gives `name` new contents (same name, possibly new dims), where it already lives. */
  replace(name: string, tensor: TensorProto): void {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`${name} is not a constant`);
    tensor.name = slot.node ? slot.tensor.name : name;
    if (slot.node) slot.node.attribute.find((a) => a.name === 'value')!.t = tensor;
    else setInitializer(this.graph, tensor);
    slot.tensor = tensor;
    const listed = this.listedInputs.get(name);
    if (listed) listed.type = valueInfoFor(tensor).type;
  }

  /** Adds a new constant, stored like `like` (initializer or a Constant node placed before `before`). */
  add(name: string, tensor: TensorProto, like: string, before: NodeProto): void {
    const slot = this.slots.get(like);
    tensor.name = name;
    if (slot?.node) {
      const node = makeNode({ opType: 'Constant', inputs: [], outputs: [name], name: `${name}_const`, attributes: { value: tensor } });
      insertBefore(this.graph, before, [node]);
      this.slots.set(name, { tensor, node });
    } else {
      setInitializer(this.graph, tensor);
      this.slots.set(name, { tensor });
      if (this.listedInputs.has(like)) {
        const info = valueInfoFor(tensor);
        this.graph.input.push(info);
        this.listedInputs.set(name, info);
      }
    }
  }

  /** Deletes a constant nobody reads any more. */
  removeIfUnused(name: string): void {
    const slot = this.slots.get(name);
    if (!slot || useCount(this.graph, name) > 0) return;
    if (slot.node) this.graph.node = this.graph.node.filter((n) => n !== slot.node);
    else this.graph.initializer = this.graph.initializer.filter((t) => t.name !== name);
    if (this.listedInputs.delete(name)) this.graph.input = this.graph.input.filter((v) => v.name !== name);
    this.graph.valueInfo = this.graph.valueInfo.filter((v) => v.name !== name);
    this.slots.delete(name);
  }
}

/** The tensor of a `Constant` node given as `value` (the other forms, value_float(s)/value_int(s), are not weights). */
export function constantValue(node: NodeProto): TensorProto | undefined {
  if (node.opType !== 'Constant' || (node.domain && node.domain !== 'ai.onnx')) return undefined;
  return node.attribute.find((a) => a.name === 'value')?.t ?? undefined;
}

/** How many node inputs (counting repeats), graph outputs and subgraph references read `name`. */
export function useCount(graph: GraphProto, name: string): number {
  let n = graph.output.filter((o) => o.name === name).length;
  for (const node of graph.node) {
    for (const input of node.input) if (input === name) n++;
    for (const a of node.attribute) for (const g of [a.g, ...(a.graphs ?? [])]) if (g && subgraphReads(g, name)) n++;
  }
  return n;
}

/** Names read anywhere inside subgraphs (If/Loop/Scan bodies may read outer tensors implicitly). */
export function subgraphReads(graph: GraphProto, name: string): boolean {
  for (const node of graph.node) {
    if (node.input.includes(name)) return true;
    for (const a of node.attribute) for (const g of [a.g, ...(a.graphs ?? [])]) if (g && subgraphReads(g, name)) return true;
  }
  return false;
}

function valueInfoFor(t: TensorProto): ValueInfoProto {
  return create.valueInfo({
    name: t.name,
    type: { tensorType: { elemType: t.dataType, shape: { dim: t.dims.map((d) => ({ dimValue: Number(d) })) } } },
  });
}
