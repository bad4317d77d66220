// Models keep weights not only in the main graph: control-flow nodes (If, Loop, Scan) hold whole graphs as
// attributes (a streaming audio model can keep every weight inside the two branches of one top-level If), and a
// node of such a subgraph may read any tensor of the graphs around it by name. Techniques walk every graph through
// these scopes, so weights are found wherever they sit and names resolve as ONNX resolves them: the innermost
// graph that defines a name wins.
import type { GraphProto, NodeProto } from './proto';

export interface GraphScope {
  graph: GraphProto;
  /** The enclosing graph's scope (absent for the main graph). */
  parent?: GraphScope;
  /** The control-flow node and its attribute that hold this graph (absent for the main graph). */
  owner?: { node: NodeProto; attribute: string };
  /** Where the graph sits, for reports: '' for the main graph, else e.g. `If "if_0" then_branch`, nested with " › ". */
  label: string;
}

/** The graphs a node holds as attributes (If then/else_branch, Loop and Scan body), with the attribute names. */
export function subgraphsOf(node: NodeProto): { attribute: string; graph: GraphProto }[] {
  const out: { attribute: string; graph: GraphProto }[] = [];
  for (const a of node.attribute) {
    if (a.g) out.push({ attribute: a.name, graph: a.g });
    for (const g of a.graphs ?? []) out.push({ attribute: a.name, graph: g });
  }
  return out;
}

export function hasSubgraphs(node: NodeProto): boolean {
  return node.attribute.some((a) => a.g || a.graphs?.length);
}

/** `If "if_0" then_branch`, after the enclosing graph's label when it is nested. */
export function subgraphLabel(parentLabel: string, node: NodeProto, attribute: string): string {
  const here = `${node.opType} "${node.name || node.output[0]}" ${attribute}`;
  return parentLabel ? `${parentLabel} › ${here}` : here;
}

/** The main graph and every graph nested in it, outer before inner (pre-order). */
export function graphScopes(main: GraphProto): GraphScope[] {
  const out: GraphScope[] = [];
  const visit = (scope: GraphScope) => {
    out.push(scope);
    for (const node of scope.graph.node) {
      for (const { attribute, graph } of subgraphsOf(node)) {
        visit({ graph, parent: scope, owner: { node, attribute }, label: subgraphLabel(scope.label, node, attribute) });
      }
    }
  };
  visit({ graph: main, label: '' });
  return out;
}

/** Names a graph defines itself (inputs, initializers, node outputs): they hide the same names of outer graphs. */
export function localNames(graph: GraphProto): Set<string> {
  const names = new Set<string>();
  for (const v of graph.input) names.add(v.name);
  for (const t of graph.initializer) names.add(t.name);
  for (const n of graph.node) for (const o of n.output) if (o) names.add(o);
  return names;
}

/** Every tensor name read by a node of `graph` or of any nested subgraph, plus the graph outputs. */
export function namesRead(graph: GraphProto, into = new Set<string>()): Set<string> {
  for (const o of graph.output) into.add(o.name);
  for (const node of graph.node) {
    for (const name of node.input) if (name) into.add(name);
    for (const { graph: g } of subgraphsOf(node)) namesRead(g, into);
  }
  return into;
}

/** Names read inside the subgraphs of `graph`'s nodes: outer tensors they use implicitly. */
export function namesReadBySubgraphs(graph: GraphProto): Set<string> {
  const names = new Set<string>();
  for (const node of graph.node) for (const { graph: g } of subgraphsOf(node)) namesRead(g, names);
  return names;
}

/** How many node inputs (counting repeats) and graph outputs of `graph` read `name`, plus one per subgraph that reads it. */
export function useCount(graph: GraphProto, name: string): number {
  let n = graph.output.filter((o) => o.name === name).length;
  for (const node of graph.node) {
    for (const input of node.input) if (input === name) n++;
    for (const { graph: g } of subgraphsOf(node)) if (namesRead(g).has(name)) n++;
  }
  return n;
}
