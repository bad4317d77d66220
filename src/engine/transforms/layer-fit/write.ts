// Writing a fitted tensor back into the graph: in place when only this node reads it, as this node's own copy
// when the tensor is shared (tied weights, a bias used twice), and as a new input where the op allows one.
import { uniqueNamer, type GraphProto, type NodeProto, type TensorProto } from '../../onnx';
import { ConstantStore } from '../prune-common/constants';

export class ConstantWriter {
  private readonly store: ConstantStore;
  private readonly name: (base: string) => string;

  constructor(private readonly graph: GraphProto, irVersion: number) {
    this.store = new ConstantStore(graph, irVersion);
    this.name = uniqueNamer(graph);
  }

  /** Replaces node.input[index] (a constant) with `tensor`; adds it (stored like input `like`) when the input is empty. */
  set(node: NodeProto, index: number, tensor: TensorProto, like: number, base: string): void {
    const current = node.input[index];
    if (current && this.store.get(current) && this.store.useCount(current) === 1) {
      this.store.replace(current, tensor);
      return;
    }
    const name = this.name(current ? `${current}_fitted` : base);
    this.store.add(name, tensor, node.input[like], node);
    while (node.input.length < index) node.input.push('');
    node.input[index] = name;
  }

  get(name: string): TensorProto | undefined {
    return name ? this.store.get(name) : undefined;
  }
}
