// Graph look-ups the quantization techniques share: constant weights (initializers, or Constant nodes as
// paddle2onnx and some tf2onnx exports emit them), names read anywhere (subgraphs included), clean-up of
// replaced weights, and opset imports.
import { create, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from '../../onnx';

export interface ConstantSource {
  tensor: TensorProto;
  /** The Constant node that produces it, when it is not an initializer. */
  node?: NodeProto;
}

/** Constant tensors of the main graph by name: initializers and Constant nodes holding a `value` tensor. */
export function constantSources(graph: GraphProto): Map<string, ConstantSource> {
  const map = new Map<string, ConstantSource>();
  for (const t of graph.initializer) map.set(t.name, { tensor: t });
  for (const node of graph.node) {
    if (node.opType !== 'Constant' || (node.domain && node.domain !== 'ai.onnx')) continue;
    const value = node.attribute.find((a) => a.name === 'value')?.t;
    if (value && node.output[0]) map.set(node.output[0], { tensor: value, node });
  }
  return map;
}

export function subgraphsOf(node: NodeProto): GraphProto[] {
  const out: GraphProto[] = [];
  for (const a of node.attribute) {
    if (a.g) out.push(a.g);
    for (const g of a.graphs ?? []) out.push(g);
  }
  return out;
}

/** Every tensor name read by a node of `graph` or of any nested subgraph, plus the graph outputs. */
export function namesRead(graph: GraphProto, into = new Set<string>()): Set<string> {
  for (const o of graph.output) into.add(o.name);
  for (const node of graph.node) {
    for (const name of node.input) if (name) into.add(name);
    for (const g of subgraphsOf(node)) namesRead(g, into);
  }
  return into;
}

/** Names read inside subgraphs (If/Loop/Scan bodies): outer tensors they use implicitly must keep their type. */
export function namesReadBySubgraphs(graph: GraphProto): Set<string> {
  const names = new Set<string>();
  for (const node of graph.node) for (const g of subgraphsOf(node)) namesRead(g, names);
  return names;
}

/** A namer that avoids every name of the graph and its subgraphs (uniqueNamer only sees the top graph). */
export function deepNamer(graph: GraphProto): (base: string) => string {
  const used = new Set<string>();
  const visit = (g: GraphProto) => {
    for (const n of g.node) {
      [n.name, ...n.input, ...n.output].forEach((s) => used.add(s));
      subgraphsOf(n).forEach(visit);
    }
    for (const t of g.initializer) used.add(t.name);
    for (const v of [...g.input, ...g.output, ...g.valueInfo]) used.add(v.name);
  };
  visit(graph);
  return (base) => {
    let name = base;
    for (let k = 1; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  };
}

/**
 * Removes the given constant tensors (initializers, Constant nodes, and initializer-backed graph inputs) when
 * nothing reads them any more. Only the weights a transform replaced are candidates: unrelated dead parts of the
 * user's model stay as they were.
 */
export function removeUnusedConstants(graph: GraphProto, candidates: Iterable<string>): void {
  const read = namesRead(graph);
  const gone = new Set([...candidates].filter((n) => !read.has(n)));
  if (!gone.size) return;
  graph.initializer = graph.initializer.filter((t) => !gone.has(t.name));
  graph.node = graph.node.filter((n) => !(n.opType === 'Constant' && gone.has(n.output[0])));
  graph.input = graph.input.filter((v) => !gone.has(v.name));
  graph.valueInfo = graph.valueInfo.filter((v) => !gone.has(v.name));
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

/** Index of the first node that reads `name`, or -1. */
export function firstReader(graph: GraphProto, name: string): number {
  return graph.node.findIndex((n) => n.input.includes(name));
}
