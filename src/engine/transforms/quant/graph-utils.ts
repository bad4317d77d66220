// Graph look-ups the quantization techniques share: constant weights (initializers, or Constant nodes as
// paddle2onnx and some tf2onnx exports emit them) as a node of any graph sees them, clean-up of replaced weights,
// and opset imports.
import { create, graphScopes, localNames, namesRead, type GraphProto, type GraphScope, type ModelProto, type NodeProto, type TensorProto } from '../../onnx';

export interface ConstantSource {
  tensor: TensorProto;
  /** The Constant node that produces it, when it is not an initializer. */
  node?: NodeProto;
  /** The graph that holds it (an enclosing graph's, for a subgraph reading an outer weight). */
  graph: GraphProto;
}

/** Constant tensors of one graph by name: initializers and Constant nodes holding a `value` tensor. */
export function constantSources(graph: GraphProto): Map<string, ConstantSource> {
  const map = new Map<string, ConstantSource>();
  for (const t of graph.initializer) map.set(t.name, { tensor: t, graph });
  for (const node of graph.node) {
    if (node.opType !== 'Constant' || (node.domain && node.domain !== 'ai.onnx')) continue;
    const value = node.attribute.find((a) => a.name === 'value')?.t;
    if (value && node.output[0]) map.set(node.output[0], { tensor: value, node, graph });
  }
  return map;
}

/**
 * The constants a node of `scope`'s graph can read: its own graph's, and those of the enclosing graphs that no
 * name of an inner graph hides (a subgraph may use a main-graph weight by name).
 */
export function visibleConstants(scope: GraphScope): Map<string, ConstantSource> {
  const outer = scope.parent ? visibleConstants(scope.parent) : new Map<string, ConstantSource>();
  if (scope.parent) for (const name of localNames(scope.graph)) outer.delete(name);
  for (const [name, source] of constantSources(scope.graph)) outer.set(name, source);
  return outer;
}

/**
 * Removes the given constant tensors (initializers, Constant nodes, and initializer-backed graph inputs) from every
 * graph of the model where nothing reads them any more (reads inside nested subgraphs count). Only the weights a
 * transform replaced are candidates: unrelated dead parts of the user's model stay as they were.
 */
export function removeUnusedConstants(main: GraphProto, candidates: Iterable<string>): void {
  const names = [...candidates];
  if (!names.length) return;
  for (const { graph } of graphScopes(main)) {
    const read = namesRead(graph);
    const own = constantSources(graph);
    const gone = new Set(names.filter((n) => own.has(n) && !read.has(n)));
    if (!gone.size) continue;
    graph.initializer = graph.initializer.filter((t) => !gone.has(t.name));
    graph.node = graph.node.filter((n) => !(n.opType === 'Constant' && gone.has(n.output[0])));
    graph.input = graph.input.filter((v) => !gone.has(v.name));
    graph.valueInfo = graph.valueInfo.filter((v) => !gone.has(v.name));
  }
}

/** The ai.onnx opset version the model imports (domain "" or "ai.onnx"). */
export function onnxOpset(model: ModelProto): number {
  return model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 0;
}

export function ensureOpsetImport(model: ModelProto, domain: string, version: number): void {
  const found = model.opsetImport.find((o) => o.domain === domain);
  if (found) found.version = Math.max(Number(found.version), version);
  else model.opsetImport.push(create.opset({ domain, version }));
}
