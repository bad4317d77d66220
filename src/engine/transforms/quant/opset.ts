// Raises a model's ai.onnx opset so quantized operators can be added (DynamicQuantizeLinear needs 11,
// per-channel DequantizeLinear 13). Only bumping the version number (what ORT's quantizer does) breaks models whose
// ops changed signature in between, e.g. Clip's min/max moved from attributes to inputs in opset 11, so every op
// that changed between 7 and 13 is rewritten here, or the raise is refused with the op's name.
import { DataType, getAttribute, makeNode, makeTensor, subgraphsOf, uniqueNamer, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from '../../onnx';
import { inferElemTypes } from './elem-types';
import { onnxOpset } from './graph-utils';

type Namer = (base: string) => string;

interface Rewrite {
  /** The first opset in which the op has the new form; the rewrite runs when the raise crosses it. */
  since: number;
  /** Returns the replacement nodes, or a string explaining why the node cannot be rewritten. */
  apply(node: NodeProto, add: (t: TensorProto) => string, type: (name: string) => number | undefined, name: Namer): NodeProto[] | string;
}

function takeAttr(node: NodeProto, name: string) {
  const a = getAttribute(node, name);
  node.attribute = node.attribute.filter((x) => x.name !== name);
  return a;
}

function int64Input(node: NodeProto, attr: string, add: (t: TensorProto) => string, hint: string): string {
  const a = takeAttr(node, attr);
  return a ? add(makeTensor(`${node.name || node.output[0]}_${hint}`, DataType.INT64, [a.ints.length], BigInt64Array.from(a.ints, BigInt))) : '';
}

/** Drops trailing empty optional inputs, which ONNX allows but some checkers dislike. */
function trimInputs(inputs: string[]): string[] {
  const out = [...inputs];
  while (out.length && !out[out.length - 1]) out.pop();
  return out;
}

function scalarLike(dt: number | undefined, name: string, v: number): TensorProto | string {
  if (dt === undefined || dt === DataType.FLOAT) return makeTensor(name, DataType.FLOAT, [], [v]);
  if (dt === DataType.DOUBLE || dt === DataType.FLOAT16) return makeTensor(name, dt, [], dt === DataType.FLOAT16 ? [Math.max(-65504, Math.min(65504, v))] : [v]);
  return `input type ${dt} is not a float type`;
}

const REWRITES: Record<string, Rewrite> = {
  Clip: { since: 11, apply(node, add, type) {
    const inputs = [node.input[0]];
    for (const key of ['min', 'max']) {
      const a = takeAttr(node, key);
      if (!a) { inputs.push(''); continue; }
      const t = scalarLike(type(node.input[0]), `${node.name || node.output[0]}_${key}`, a.f);
      if (typeof t === 'string') return t;
      inputs.push(add(t));
    }
    node.input = trimInputs(inputs);
    return [node];
  } },
  Slice: { since: 10, apply(node, add) {
    node.input = trimInputs([node.input[0], int64Input(node, 'starts', add, 'starts'), int64Input(node, 'ends', add, 'ends'), int64Input(node, 'axes', add, 'axes')]);
    return [node];
  } },
  Squeeze: { since: 13, apply(node, add) { node.input = trimInputs([node.input[0], int64Input(node, 'axes', add, 'axes')]); return [node]; } },
  Unsqueeze: { since: 13, apply(node, add) { node.input = [node.input[0], int64Input(node, 'axes', add, 'axes')]; return [node]; } },
  ReduceSum: { since: 13, apply(node, add) { node.input = trimInputs([node.input[0], int64Input(node, 'axes', add, 'axes')]); return [node]; } },
  Split: { since: 13, apply(node, add) { node.input = trimInputs([node.input[0], int64Input(node, 'split', add, 'split')]); return [node]; } },
  TopK: { since: 10, apply(node, add) {
    const k = takeAttr(node, 'k');
    if (!k) return 'TopK has no k';
    node.input = [node.input[0], add(makeTensor(`${node.name || node.output[0]}_k`, DataType.INT64, [1], BigInt64Array.from([BigInt(k.i)])))];
    return [node];
  } },
  Pad: { since: 11, apply(node, add, type) {
    const pads = int64Input(node, 'pads', add, 'pads');
    const value = takeAttr(node, 'value');
    const v = value ? scalarLike(type(node.input[0]), `${node.name || node.output[0]}_value`, value.f) : '';
    if (typeof v === 'string' && v) return v;
    node.input = trimInputs([node.input[0], pads, typeof v === 'string' ? '' : add(v)]);
    return [node];
  } },
  Dropout: { since: 12, apply(node) {
    // Dropout is the identity at inference; its mask output (rarely used) has no one-op equivalent.
    if (node.output[1]) return 'Dropout with a mask output';
    return [makeNode({ opType: 'Identity', inputs: [node.input[0]], outputs: [node.output[0]], name: node.name })];
  } },
  Scatter: { since: 11, apply(node) { node.opType = 'ScatterElements'; return [node]; } },
  BatchNormalization: { since: 9, apply(node) {
    const spatial = takeAttr(node, 'spatial');
    return spatial && spatial.i !== 1 ? 'BatchNormalization with spatial=0' : [node];
  } },
  Upsample: { since: 10, apply: () => 'Upsample (deprecated in opset 10)' },
  Resize: { since: 11, apply: () => 'Resize from opset 10 (its coordinate rules changed in 11)' },
  Scan: { since: 9, apply: () => 'Scan from opset 8' },
};

// Softmax, LogSoftmax and Hardmax: before 13 they flattened the input to 2-D at `axis`; from 13 they work on one
// axis. Shape -> Flatten(axis) -> op(last axis) -> Reshape reproduces the old meaning for any rank.
for (const op of ['Softmax', 'LogSoftmax', 'Hardmax']) {
  REWRITES[op] = { since: 13, apply(node, _add, _type, name) {
    const axis = takeAttr(node, 'axis')?.i ?? 1;
    if (axis === -1) return [makeNode({ opType: op, inputs: node.input, outputs: node.output, name: node.name, attributes: { axis: -1 } })];
    const base = node.name || node.output[0];
    const [shape, flat, out] = [name(`${base}_shape`), name(`${base}_2d`), name(`${base}_out2d`)];
    return [
      makeNode({ opType: 'Shape', inputs: [node.input[0]], outputs: [shape], name: name(`${base}_shape`) }),
      makeNode({ opType: 'Flatten', inputs: [node.input[0]], outputs: [flat], name: name(`${base}_flatten`), attributes: { axis } }),
      makeNode({ opType: op, inputs: [flat], outputs: [out], name: node.name, attributes: { axis: -1 } }),
      makeNode({ opType: 'Reshape', inputs: [out, shape], outputs: [node.output[0]], name: name(`${base}_reshape`) }),
    ];
  } };
}

const MIN_IR: Record<number, number> = { 10: 5, 11: 6, 12: 7, 13: 7 };

function rewriteGraph(graph: GraphProto, from: number, to: number, name: Namer, outer: ReadonlyMap<string, number>, dryRun: boolean): string | null {
  const types = inferElemTypes(graph, outer);
  const add = (t: TensorProto) => {
    t.name = name(t.name);
    graph.initializer.push(t);
    return t.name;
  };
  const nodes: NodeProto[] = [];
  for (const node of graph.node) {
    for (const { graph: g } of subgraphsOf(node)) {
      const problem = rewriteGraph(g, from, to, name, types, dryRun);
      if (problem) return problem;
    }
    const rule = !node.domain || node.domain === 'ai.onnx' ? REWRITES[node.opType] : undefined;
    if (!rule || !(from < rule.since && to >= rule.since)) {
      nodes.push(node);
      continue;
    }
    const copy = dryRun ? structuredClone(node) : node;
    const result = rule.apply(copy, dryRun ? (t) => t.name : add, (n) => types.get(n), name);
    if (typeof result === 'string') return `${node.opType} node "${node.name}": ${result}`;
    nodes.push(...result);
  }
  if (!dryRun) graph.node = nodes;
  return null;
}

/**
 * Raises the model's ai.onnx opset to `target` in place, rewriting the ops whose form changed. Returns null on
 * success, or the reason it cannot (the model is then left untouched).
 */
export function raiseOpset(model: ModelProto, target: number): string | null {
  const from = onnxOpset(model);
  if (from >= target) return null;
  if (from < 7) return `the model uses ai.onnx opset ${from}; only opset 7 or newer can be raised to ${target}`;
  const graph = model.graph!;
  const problem = rewriteGraph(graph, from, target, uniqueNamer(graph), new Map(), true);
  if (problem) return `raising opset ${from} to ${target} is not supported for ${problem}`;
  rewriteGraph(graph, from, target, uniqueNamer(graph), new Map(), false);
  const entry = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')!;
  entry.version = target;
  model.irVersion = Math.max(Number(model.irVersion), MIN_IR[target] ?? 7);
  return null;
}
