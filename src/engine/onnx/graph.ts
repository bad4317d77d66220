// Graph surgery helpers shared by every transform: look-ups (initializers, producers, consumers), node and
// attribute builders, in-place replace/insert that keep the topological order ONNX requires, and dead-code removal.
import { create, AttributeType as A, int64, type GraphProto, type NodeProto, type TensorProto, type AttributeProto } from './proto';
import { hasSubgraphs, subgraphsOf } from './scopes';

export function initializerMap(graph: GraphProto): Map<string, TensorProto> {
  return new Map(graph.initializer.map((t) => [t.name, t]));
}

/** tensor name -> nodes that read it (a node reading the same tensor twice is listed once). */
export function consumerMap(graph: GraphProto): Map<string, NodeProto[]> {
  const map = new Map<string, NodeProto[]>();
  for (const node of graph.node) {
    for (const name of new Set(node.input)) {
      if (!name) continue;
      const list = map.get(name);
      if (list) list.push(node);
      else map.set(name, [node]);
    }
  }
  return map;
}

/** tensor name -> the node that writes it. */
export function producerMap(graph: GraphProto): Map<string, NodeProto> {
  const map = new Map<string, NodeProto>();
  for (const node of graph.node) for (const name of node.output) if (name) map.set(name, node);
  return map;
}

type AttrValue = number | string | number[] | TensorProto;

/** Builds an attribute; integers become INT(S) unless `float` is set, since ONNX types them strictly. */
export function makeAttribute(name: string, value: AttrValue, float = false): AttributeProto {
  if (typeof value === 'string') return create.attribute({ name, type: A.STRING, s: new TextEncoder().encode(value) });
  if (Array.isArray(value)) {
    return float
      ? create.attribute({ name, type: A.FLOATS, floats: value })
      : create.attribute({ name, type: A.INTS, ints: value });
  }
  if (typeof value === 'number') {
    return float || !Number.isInteger(value)
      ? create.attribute({ name, type: A.FLOAT, f: value })
      : create.attribute({ name, type: A.INT, i: value });
  }
  return create.attribute({ name, type: A.TENSOR, t: value });
}

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  domain?: string;
  attributes?: Record<string, AttrValue>;
  floatAttributes?: Record<string, number | number[]>;
}

export function makeNode(spec: NodeSpec): NodeProto {
  const attribute = [
    ...Object.entries(spec.attributes ?? {}).map(([k, v]) => makeAttribute(k, v)),
    ...Object.entries(spec.floatAttributes ?? {}).map(([k, v]) => makeAttribute(k, v, true)),
  ];
  return create.node({
    opType: spec.opType, input: spec.inputs, output: spec.outputs, name: spec.name, attribute,
    ...(spec.domain ? { domain: spec.domain } : {}),
  });
}

export function getAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((a) => a.name === name);
}

export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = getAttribute(node, name);
  return a ? int64(a.i) : fallback;
}

export function attrInts(node: NodeProto, name: string): number[] | undefined {
  return getAttribute(node, name)?.ints.map(int64);
}

export function attrFloat(node: NodeProto, name: string, fallback: number): number {
  return getAttribute(node, name)?.f ?? fallback;
}

/** Replaces `node` by `replacement` at the same position (so producers still come before consumers). */
export function replaceNode(graph: GraphProto, node: NodeProto, replacement: NodeProto[]): void {
  const i = graph.node.indexOf(node);
  if (i < 0) throw new Error(`node ${node.name} is not in the graph`);
  graph.node.splice(i, 1, ...replacement);
}

export function insertBefore(graph: GraphProto, anchor: NodeProto, nodes: NodeProto[]): void {
  const i = graph.node.indexOf(anchor);
  if (i < 0) throw new Error(`node ${anchor.name} is not in the graph`);
  graph.node.splice(i, 0, ...nodes);
}

/** Adds an initializer or replaces the one with the same name. */
export function setInitializer(graph: GraphProto, tensor: TensorProto): void {
  const i = graph.initializer.findIndex((t) => t.name === tensor.name);
  if (i >= 0) graph.initializer[i] = tensor;
  else graph.initializer.push(tensor);
}

/**
 * A name not yet used by any tensor, node or initializer of the graph or of the graphs nested in it: ONNX names
 * are visible in every subgraph, so a new name must not collide with one inside an If branch or a Loop body.
 */
export function uniqueNamer(graph: GraphProto): (base: string) => string {
  const used = new Set<string>();
  const visit = (g: GraphProto) => {
    for (const n of g.node) {
      [n.name, ...n.input, ...n.output].forEach((s) => used.add(s));
      subgraphsOf(n).forEach((s) => visit(s.graph));
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
 * Removes nodes whose outputs reach no graph output, then initializers and value_info nobody reads.
 * Walks backwards from the outputs so a chain of dead nodes goes in one pass. Subgraph (If/Loop) bodies
 * may read outer tensors implicitly: graphs with subgraphs keep all initializers to stay safe.
 */
export function removeDeadNodes(graph: GraphProto): { nodes: number; initializers: number } {
  const live = new Set(graph.output.map((o) => o.name));
  const keep = new Set<NodeProto>();
  for (let i = graph.node.length - 1; i >= 0; i--) {
    const node = graph.node[i];
    if (node.output.some((o) => live.has(o))) {
      keep.add(node);
      node.input.forEach((name) => live.add(name));
    }
  }
  const withSubgraphs = graph.node.some(hasSubgraphs);
  const before = { nodes: graph.node.length, initializers: graph.initializer.length };
  graph.node = graph.node.filter((n) => keep.has(n) || withSubgraphs);
  if (!withSubgraphs) graph.initializer = graph.initializer.filter((t) => live.has(t.name));
  graph.valueInfo = graph.valueInfo.filter((v) => live.has(v.name));
  return { nodes: before.nodes - graph.node.length, initializers: before.initializers - graph.initializer.length };
}
