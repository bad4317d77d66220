// Reads intermediate activations: a copy of the model whose graph outputs are just the wanted tensors, cut down to
// the nodes they depend on (the rest of the network is not run), opened on the context's runner. The model itself
// is not modified, so a transform can probe, edit a layer, and probe again.
import { DataType, create, encodeModel, type ModelProto, type NodeProto } from '../../onnx';
import type { Feeds, PlainTensor } from '../../tensor-data';
import type { TransformContext } from '../types';

/** Bytes of `model` computing only `outputs` (float32 tensors). Graphs with subgraphs keep every node. */
export function truncatedModel(model: ModelProto, outputs: readonly string[]): Uint8Array {
  const graph = model.graph!;
  const live = new Set(outputs);
  const keep = new Set<NodeProto>();
  const hasSubgraphs = graph.node.some((n) => n.attribute.some((a) => a.g || a.graphs?.length));
  for (let i = graph.node.length - 1; i >= 0; i--) {
    const node = graph.node[i];
    if (hasSubgraphs || node.output.some((o) => live.has(o))) {
      keep.add(node);
      for (const name of node.input) live.add(name);
    }
  }
  const copy = create.graph({
    ...graph,
    node: graph.node.filter((n) => keep.has(n)),
    initializer: graph.initializer.filter((t) => live.has(t.name)),
    input: graph.input.filter((v) => live.has(v.name)),
    output: outputs.map((name) => create.valueInfo({ name, type: { tensorType: { elemType: DataType.FLOAT } } })),
    valueInfo: graph.valueInfo.filter((v) => live.has(v.name)),
  });
  return encodeModel(create.model({ ...model, graph: copy }));
}

/** Float32 data of a probed tensor, with a message naming it when the runtime gave something else. */
export function floatData(t: PlainTensor | undefined, name: string): Float32Array {
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`calibration: tensor "${name}" did not come back as float32`);
  return t.data;
}

export interface Probe {
  /** The wanted tensors for one sample (graph inputs come straight from the feeds). */
  run(feeds: Feeds): Promise<Record<string, PlainTensor>>;
  close(): Promise<void>;
}

/** Opens `model` cut down to `outputs` on the context's runner. */
export async function openProbe(model: ModelProto, outputs: readonly string[], ctx: TransformContext): Promise<Probe> {
  const inputs = new Set(model.graph!.input.map((v) => v.name));
  const inGraph = outputs.filter((o) => !inputs.has(o));
  const open = inGraph.length ? await ctx.runner!.open(truncatedModel(model, inGraph)) : undefined;
  return {
    async run(feeds) {
      ctx.checkCancelled?.();
      // Only the inputs the cut-down model still has: runtimes reject feeds a model does not declare.
      const out = open ? await open.run(Object.fromEntries(open.inputNames.map((n) => [n, feeds[n]]))) : {};
      return Object.fromEntries(outputs.map((name) => [name, feeds[name] ?? out[name]]));
    },
    close: async () => open?.close(),
  };
}
