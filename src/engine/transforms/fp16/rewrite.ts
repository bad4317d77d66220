// The float16 rewrite of one graph (the main graph, or an If/Loop/Scan body) whose plan converts some constants:
// those constants become float16, Casts are inserted wherever a tensor crosses between a float16 and a float32
// node, the graph's float32 outputs get a final Cast back to float32 (so an If/Loop node and the model's caller see
// the types they saw before), and value_info follows the new types.
import { DataType, attrInt, makeNode, type GraphProto, type GraphScope, type NodeProto } from '../../onnx';
import type { ConstantSource } from '../quant/graph-utils';
import type { Fp16Plan } from './plan';

const F32 = DataType.FLOAT;
const F16 = DataType.FLOAT16;

/** Everything decided about one graph before it is edited. */
export interface GraphPlan {
  scope: GraphScope;
  types: Map<string, number>;
  /** Constants held by this graph. */
  constants: Map<string, ConstantSource>;
  /** Its float32 constants with finite values (candidates for float16). */
  sources: Set<string>;
  plan: Fp16Plan;
}

/** Inserts the Casts and retypes value_info; the constants themselves are converted by the caller. */
export function rewriteGraph(p: GraphPlan, name: (base: string) => string): void {
  const graph: GraphProto = p.scope.graph;
  const { types, plan, constants } = p;
  const producer = new Map<string, NodeProto>();
  for (const n of graph.node) for (const o of n.output) if (o) producer.set(o, n);
  const finalType = (t: string): number | undefined => {
    const orig = types.get(t);
    if (orig !== F32) return orig;
    if (constants.has(t)) return plan.convertedSources.has(t) ? F16 : F32; // NaN/Inf ones are not sources, yet constants
    const node = producer.get(t);
    return node && !plan.kept.has(node) ? F16 : F32;
  };

  // Graph outputs computed in float16: the producer writes a renamed tensor, a final Cast restores the float32 name.
  const tail: NodeProto[] = [];
  const outputs = new Set(graph.output.map((o) => o.name));
  for (const out of graph.output) {
    if (types.get(out.name) !== F32 || finalType(out.name) !== F16 || constants.has(out.name)) continue;
    const renamed = name(`${out.name}_fp16`);
    for (const n of graph.node) n.input = n.input.map((i) => (i === out.name ? renamed : i));
    const node = producer.get(out.name)!;
    node.output = node.output.map((o) => (o === out.name ? renamed : o));
    types.set(renamed, F32);
    producer.set(renamed, node);
    tail.push(makeNode({ opType: 'Cast', inputs: [renamed], outputs: [out.name], name: name(`${out.name}_cast_fp32`), attributes: { to: F32 } }));
  }

  // Insert Casts where a float tensor crosses between float16 and float32 nodes; retarget Cast(to=float).
  const casts = new Map<string, string>();
  const nodes: NodeProto[] = [];
  for (const node of graph.node) {
    const want = plan.kept.has(node) ? F32 : F16;
    node.input = node.input.map((i) => {
      if (!i || types.get(i) !== F32 || finalType(i) === want) return i;
      const key = `${i}|${want}`;
      let cast = casts.get(key);
      if (!cast) {
        cast = name(`${i}_${want === F16 ? 'fp16' : 'fp32'}`);
        casts.set(key, cast);
        nodes.push(makeNode({ opType: 'Cast', inputs: [i], outputs: [cast], name: name(`${cast}_Cast`), attributes: { to: want } }));
      }
      return cast;
    });
    if (want === F16 && node.opType === 'Cast' && attrInt(node, 'to', 0) === F32) node.attribute.find((a) => a.name === 'to')!.i = F16;
    nodes.push(node);
  }
  graph.node = [...nodes, ...tail];

  for (const v of [...graph.valueInfo, ...graph.input]) {
    const tt = v.type?.tensorType;
    if (tt && tt.elemType === F32 && finalType(v.name) === F16 && !outputs.has(v.name)) tt.elemType = F16;
  }
}
