// Residual blocks of a graph, found structurally: an Add(x, f(x)) whose branch f reads nothing of the rest of
// the graph but x (plus constants and values computed without x, such as an attention mask). A Transformer
// layer is two of them (attention, then feed-forward); dropping a block rewires Add's readers to x.
import { consumerMap, producerMap, removeDeadNodes, type GraphProto, type NodeProto } from '../../onnx';

export interface ResidualUnit {
  add: NodeProto;
  /** The stream the branch reads and the Add adds back. */
  input: string;
  /** The branch's nodes (between `input` and the Add). */
  branch: Set<NodeProto>;
}

export interface ResidualBlock {
  units: ResidualUnit[];
}

export function residualUnits(graph: GraphProto): ResidualUnit[] {
  const producers = producerMap(graph);
  const consumers = consumerMap(graph);
  const constants = new Set(graph.initializer.map((t) => t.name));
  const units: ResidualUnit[] = [];
  for (const add of graph.node) {
    if (add.opType !== 'Add' || add.input.some((i) => constants.has(i) || !producers.has(i) && !graph.input.some((g) => g.name === i))) continue;
    for (const [x, y] of [[add.input[0], add.input[1]], [add.input[1], add.input[0]]]) {
      const branch = branchBetween(x, y, producers);
      if (!branch) continue;
      // Nothing outside the unit may read what the branch computes (other than through the Add).
      const leaks = [...branch].some((n) => n.output.some((o) => (consumers.get(o) ?? []).some((c) => c !== add && !branch.has(c))));
      if (!leaks) { units.push({ add, input: x, branch }); break; }
    }
  }
  return units;
}

/** Nodes on paths from `x` to `y`, if every such node's other inputs are independent of `x`; else undefined. */
function branchBetween(x: string, y: string, producers: Map<string, NodeProto>): Set<NodeProto> | undefined {
  const dependsOnX = new Map<string, boolean>();
  const depends = (name: string): boolean => {
    if (name === x) return true;
    const known = dependsOnX.get(name);
    if (known !== undefined) return known;
    dependsOnX.set(name, false);
    const p = producers.get(name);
    const r = p ? p.input.some((i) => i && depends(i)) : false;
    dependsOnX.set(name, r);
    return r;
  };
  if (!depends(y)) return undefined;
  const branch = new Set<NodeProto>();
  const visit = (name: string) => {
    if (name === x) return;
    const p = producers.get(name);
    if (!p || branch.has(p) || !depends(name)) return;
    branch.add(p);
    p.input.forEach((i) => i && visit(i));
  };
  visit(y);
  return branch.size ? branch : undefined;
}

/** Units grouped into layers: a unit with attention (Softmax) starts a layer; without attention, one unit per layer. */
export function residualBlocks(units: ResidualUnit[]): ResidualBlock[] {
  const hasAttention = units.some((u) => [...u.branch].some((n) => n.opType === 'Softmax'));
  const blocks: ResidualBlock[] = [];
  for (const u of units) {
    const attention = [...u.branch].some((n) => n.opType === 'Softmax');
    if (!hasAttention || attention || !blocks.length) blocks.push({ units: [u] });
    else blocks[blocks.length - 1].units.push(u);
  }
  return blocks;
}

/** Removes the blocks not in `keep` (indices into `blocks`), rewiring each dropped Add's readers to its input. */
export function dropBlocks(graph: GraphProto, blocks: ResidualBlock[], keep: Set<number>): void {
  const rename = new Map<string, string>();
  blocks.forEach((b, i) => {
    if (keep.has(i)) return;
    for (const u of b.units) rename.set(u.add.output[0], u.input);
  });
  const resolve = (name: string): string => (rename.has(name) ? resolve(rename.get(name)!) : name);
  for (const node of graph.node) node.input = node.input.map((n) => (n ? resolve(n) : n));
  for (const out of graph.output) {
    const r = resolve(out.name);
    if (r !== out.name) throw new Error('a dropped block feeds a graph output directly');
  }
  removeDeadNodes(graph);
}
