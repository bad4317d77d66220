// Constant tensors wherever a model keeps them. Exporters put weights either in graph initializers (PyTorch) or
// in `Constant` nodes (Paddle2ONNX: PP-OCR has no initializer at all), in the main graph or inside If/Loop/Scan
// bodies, which may also read the weights of the graphs around them. The pruning transforms read and write weights
// through one store per graph, chained to the store of the enclosing graph, so a name resolves as ONNX resolves it
// and a rewritten tensor stays where it was.
import {
  create, graphScopes, insertBefore, localNames, makeNode, setInitializer, useCount,
  type GraphProto, type GraphScope, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto,
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

  /** Names this graph defines itself: they hide the enclosing graphs' constants of the same name. */
  private readonly locals: Set<string>;

  constructor(readonly graph: GraphProto, irVersion: number, private readonly parent?: ConstantStore) {
    this.locals = parent ? localNames(graph) : new Set();
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

  /** The store whose graph holds constant `name` as this graph's nodes see it. */
  private owner(name: string): ConstantStore | undefined {
    if (this.slots.has(name)) return this;
    return this.locals.has(name) ? undefined : this.parent?.owner(name);
  }

  get(name: string): TensorProto | undefined {
    return this.owner(name)?.slots.get(name)?.tensor;
  }

  /** Readers of constant `name` anywhere it is visible (its own graph and the graphs nested in it). */
  useCount(name: string): number {
    const owner = this.owner(name);
    return owner ? useCount(owner.graph, name) : 0;
  }

  /** Gives `name` new contents (same name, possibly new dims), where it already lives. */
  replace(name: string, tensor: TensorProto): void {
    const owner = this.owner(name);
    if (owner && owner !== this) return owner.replace(name, tensor);
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`${name} is not a constant`);
    tensor.name = slot.node ? slot.tensor.name : name;
    if (slot.node) slot.node.attribute.find((a) => a.name === 'value')!.t = tensor;
    else setInitializer(this.graph, tensor);
    slot.tensor = tensor;
    const listed = this.listedInputs.get(name);
    if (listed) listed.type = valueInfoFor(tensor).type;
  }

  /** Adds a new constant to this graph, stored like `like` (initializer or a Constant node placed before `before`). */
  add(name: string, tensor: TensorProto, like: string, before: NodeProto): void {
    const slot = this.owner(like)?.slots.get(like);
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
    const owner = this.owner(name);
    if (owner && owner !== this) return owner.removeIfUnused(name);
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

/** One store per graph of the model (main graph first), each chained to its enclosing graph's store. */
export function scopeStores(model: ModelProto): { scope: GraphScope; store: ConstantStore }[] {
  const stores = new Map<GraphProto, ConstantStore>();
  return graphScopes(model.graph!).map((scope) => {
    const store = new ConstantStore(scope.graph, model.irVersion, scope.parent && stores.get(scope.parent.graph));
    stores.set(scope.graph, store);
    return { scope, store };
  });
}

function valueInfoFor(t: TensorProto): ValueInfoProto {
  return create.valueInfo({
    name: t.name,
    type: { tensorType: { elemType: t.dataType, shape: { dim: t.dims.map((d) => ({ dimValue: Number(d) })) } } },
  });
}
