// Structural checks on a decoded model, before any transform or ORT sees it. Protobuf only checks the wire format;
// a file can decode fine and still declare a 2^40-element tensor over 12 bytes of data, keep its weights in a
// file the browser never got, or wire nodes to tensors nobody writes. ORT answers those with terse internal text,
// and transforms would loop over the declared sizes: here each gets one sentence that names the tensor or node.
import { dataTypeName, elementCount, tensorShape } from './tensor';
import type { GraphProto, ModelProto, NodeProto, TensorProto } from './proto';
import { subgraphsOf } from './scopes';

/** No tensor that fits a browser tab has more elements than this (WASM memory tops out at 4 GB). */
export const MAX_ELEMENTS = 2 ** 32;

const BITS: Record<number, number> = { 1: 32, 2: 8, 3: 8, 4: 16, 5: 16, 6: 32, 7: 64, 9: 8, 10: 16, 11: 64, 12: 32, 13: 64, 14: 64, 15: 128, 16: 16, 17: 8, 18: 8, 19: 8, 20: 8, 21: 4, 22: 4, 23: 4 };
const STRING = 8;

/** Which typed field holds the values when raw_data is empty, and how many entries one element takes. */
function typedCount(t: TensorProto): number {
  switch (t.dataType) {
    case 1: return t.floatData.length;
    case 14: return t.floatData.length / 2;
    case 11: return t.doubleData.length;
    case 15: return t.doubleData.length / 2;
    case 7: return t.int64Data.length;
    case 12: case 13: return t.uint64Data.length;
    case STRING: return t.stringData.length;
    case 21: case 22: case 23: return t.int32Data.length * 2; // two 4-bit values per int32 entry
    default: return t.int32Data.length;
  }
}

export function tensorProblem(t: TensorProto, where: string): string | undefined {
  const name = `Tensor "${t.name}"${where}`;
  if (t.dataLocation === 1 || t.externalData.length) {
    const location = t.externalData.find((e) => e.key === 'location')?.value;
    return `${name} keeps its data in a separate file${location ? ` ("${location}")` : ''}, which a single-file upload cannot include. Save the model with its weights inside the .onnx file (onnx.save_model(model, path, save_as_external_data=False)).`;
  }
  if (!(t.dataType in BITS) && t.dataType !== STRING) return `${name} has an unknown data type (${t.dataType}): the file is damaged or was written by a newer tool.`;
  const shape = tensorShape(t);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) return `${name} has an impossible shape [${shape.join(', ')}]: dimensions must be whole numbers from 0 up. The file is damaged.`;
  const count = elementCount(shape);
  if (count > MAX_ELEMENTS) return `${name} declares ${count.toExponential(2)} values (shape [${shape.join(', ')}]), far more than a browser can hold. The file is damaged.`;
  const type = dataTypeName(t.dataType);
  if (t.rawData.length && t.dataType !== STRING) {
    const expected = Math.ceil((count * BITS[t.dataType]) / 8);
    if (t.rawData.length !== expected) return `${name} should hold ${count} ${type} values (${expected} bytes) for its shape [${shape.join(', ')}], but its data is ${t.rawData.length} bytes. The file is damaged or truncated.`;
    return undefined;
  }
  const found = typedCount(t);
  const expected = t.dataType === 21 || t.dataType === 22 || t.dataType === 23 ? 2 * Math.ceil(count / 2) : count;
  if (found !== expected) return `${name} should hold ${count} ${type} values for its shape [${shape.join(', ')}], but has ${found}. The file is damaged or truncated.`;
  return undefined;
}

function nodeLabel(node: NodeProto): string {
  return `"${node.name || node.output[0] || '(unnamed)'}" (${node.opType || 'no operator'})`;
}

/** Tensor-level and wiring problems of one graph; `outer` holds names a subgraph may read from enclosing graphs. */
function graphProblem(graph: GraphProto, outer: ReadonlySet<string>, depth: number): string | undefined {
  const where = depth ? ' in a subgraph' : '';
  for (const t of graph.initializer) {
    const p = tensorProblem(t, where);
    if (p) return p;
  }
  const available = new Set([...outer, ...graph.input.map((v) => v.name), ...graph.initializer.map((t) => t.name)]);
  const writer = new Map<string, NodeProto>();
  for (const node of graph.node) {
    for (const a of node.attribute) {
      for (const t of [...(a.t ? [a.t] : []), ...(a.tensors ?? [])]) {
        const p = tensorProblem(t, ` (attribute ${a.name} of node ${nodeLabel(node)})`);
        if (p) return p;
      }
    }
    for (const out of node.output) {
      if (!out) continue;
      const other = writer.get(out);
      if (other) return `Tensor "${out}"${where} is written by two nodes, ${nodeLabel(other)} and ${nodeLabel(node)}: every tensor must have one producer. The graph is broken.`;
      if (graph.input.some((v) => v.name === out)) return `Node ${nodeLabel(node)}${where} overwrites the graph input "${out}". The graph is broken.`;
      writer.set(out, node);
    }
  }
  for (const node of graph.node) {
    const missing = node.input.find((x) => x && !available.has(x) && !writer.has(x));
    if (missing !== undefined) return `Node ${nodeLabel(node)}${where} reads "${missing}", which no node, graph input or initializer provides. The graph is incomplete or damaged.`;
  }
  const cycle = findCycle(graph.node, writer);
  if (cycle) return `The graph${where} has a cycle: node ${nodeLabel(cycle)} depends on its own output. ONNX graphs must be acyclic.`;
  if (!depth && graph.output.length === 0) return 'The model declares no outputs: there is nothing to compute.';
  const dangling = graph.output.find((o) => !available.has(o.name) && !writer.has(o.name));
  if (dangling) return `The graph output "${dangling.name}"${where} is not produced by any node or input. The graph is incomplete or damaged.`;
  const inner = new Set([...available, ...writer.keys()]);
  for (const node of graph.node) {
    for (const { graph: g } of subgraphsOf(node)) {
      const p = graphProblem(g, inner, depth + 1);
      if (p) return p;
    }
  }
  return undefined;
}

/** Kahn's algorithm over producer edges (order-independent: ORT sorts nodes itself). A node left over sits on a cycle. */
function findCycle(nodes: NodeProto[], writer: Map<string, NodeProto>): NodeProto | undefined {
  const waiting = new Map<NodeProto, number>();
  const readers = new Map<NodeProto, NodeProto[]>();
  for (const node of nodes) {
    const deps = new Set(node.input.map((x) => writer.get(x)).filter((w): w is NodeProto => w !== undefined));
    waiting.set(node, deps.size);
    for (const d of deps) {
      const list = readers.get(d);
      if (list) list.push(node);
      else readers.set(d, [node]);
    }
  }
  const ready = nodes.filter((n) => waiting.get(n) === 0);
  for (let i = 0; i < ready.length; i++) {
    for (const r of readers.get(ready[i]) ?? []) {
      const left = waiting.get(r)! - 1;
      waiting.set(r, left);
      if (left === 0) ready.push(r);
    }
  }
  return ready.length === nodes.length ? undefined : nodes.find((n) => waiting.get(n)! > 0);
}

/** The first structural problem of a decoded model, as a sentence for the user, or undefined when it is sound. */
export function modelProblem(model: ModelProto): string | undefined {
  const versions = new Map<string, number>();
  for (const o of model.opsetImport) {
    const domain = o.domain || 'ai.onnx';
    const version = Number(o.version);
    if (!(version >= 1)) return `The model imports operator set version ${String(o.version)} for "${domain}", which does not exist. The file is damaged.`;
    const seen = versions.get(domain);
    if (seen !== undefined) return `The model imports the operator set of "${domain}" twice (versions ${seen} and ${version}), so it is unclear which operators it means. The file is damaged or was edited by hand.`;
    versions.set(domain, version);
  }
  return irProblem(model) ?? graphProblem(model.graph!, new Set(), 0);
}

/** Before IR 4 every initializer had to be a graph input; ORT still refuses one that is neither an input nor read. */
function irProblem(model: ModelProto): string | undefined {
  const ir = Number(model.irVersion);
  if (ir >= 4) return undefined;
  const graph = model.graph!;
  const listed = new Set([...graph.input.map((v) => v.name), ...graph.node.flatMap((n) => n.input)]);
  const stray = graph.initializer.find((t) => !listed.has(t.name));
  if (stray) return `Initializer "${stray.name}" is neither a graph input nor read by any node, which ONNX IR version ${ir} (before 4) does not allow. Re-export the model with a current exporter, or remove that initializer.`;
  return undefined;
}
