// float16 conversion with float32 graph inputs/outputs (onnxconverter-common's keep_io_types=True): float32
// constants read by float16 nodes become float16, Casts are inserted wherever a tensor crosses between a float16 and
// a float32 node, graph outputs get a final Cast back to float32, and value_info follows the new types.
import { DataType, FP16_MAX, attrInt, elementCount, makeNode, readFloat32, tensorDataBytes, tensorShape, type ModelProto, type NodeProto } from '../../onnx';
import type { Text } from '../../i18n-text';
import type { Transform, TransformContext, TransformOutcome } from '../types';
import { inferElemTypes } from '../quant/elem-types';
import { constantSources, deepNamer, namesReadBySubgraphs } from '../quant/graph-utils';
import { eachLayer, inGraphOrder, nodeOrder, skippedLayer, text, type QuantLayerReport } from '../quant/report';
import { EXCLUDED_DETAIL } from '../exclude';
import { toHalfTensor } from './half';
import { meta, type Fp16Options } from './meta';
import { planFp16 } from './plan';

const F32 = DataType.FLOAT;
const F16 = DataType.FLOAT16;
/** Constants smaller than this are summed into one report row instead of one row each. */
const REPORT_MIN_ELEMENTS = 16;

function apply(model: ModelProto, _o: Fp16Options, ctx: TransformContext): TransformOutcome {
  const graph = model.graph!;
  const order = nodeOrder(graph.node);
  const types = inferElemTypes(graph);
  const all = constantSources(graph);
  const sources = new Set([...all].filter(([, s]) => s.tensor.dataType === F32).map(([k]) => k));
  const outputs = new Set(graph.output.map((o) => o.name));
  const pinned = new Set([...namesReadBySubgraphs(graph), ...[...sources].filter((s) => outputs.has(s))]);
  const outOfRange = largeSources(all, sources);
  const plan = planFp16(graph, types, sources, pinned, ctx.exclude, outOfRange);
  const name = deepNamer(graph);
  const producer = new Map<string, NodeProto>();
  for (const n of graph.node) for (const o of n.output) if (o) producer.set(o, n);
  const finalType = (t: string): number | undefined => {
    const orig = types.get(t);
    if (orig !== F32) return orig;
    if (sources.has(t)) return plan.convertedSources.has(t) ? F16 : F32;
    const p = producer.get(t);
    return p && !plan.kept.has(p) ? F16 : F32;
  };

  // Convert the constants, one progress step each.
  const layers: QuantLayerReport[] = [];
  let large = 0;
  let tiny = 0;
  const small = { count: 0, params: 0, before: 0, after: 0 };
  const readers = new Map<string, NodeProto>();
  for (const n of graph.node) for (const i of n.input) if (i && !readers.has(i)) readers.set(i, n);
  eachLayer([...sources], ctx, (s) => `float16: ${s}`, (s) => {
    const src = all.get(s)!;
    const params = elementCount(tensorShape(src.tensor));
    const reader = readers.get(s);
    if (!plan.convertedSources.has(s)) {
      const why = plan.kept.get(reader!);
      const detail = why === EXCLUDED_DETAIL ? why : `kept float32: read only by float32 ops (${why ?? 'pinned'})`;
      if ((params >= REPORT_MIN_ELEMENTS || outOfRange.has(s)) && reader) layers.push(skippedLayer(reader, detail, src.tensor)); // out of range: always named
      return;
    }
    const h = toHalfTensor(src.tensor);
    large += h.large;
    tiny += h.tiny;
    if (src.node) src.node.attribute.find((a) => a.name === 'value')!.t = h.tensor;
    else graph.initializer[graph.initializer.indexOf(src.tensor)] = h.tensor;
    const [before, after] = [tensorDataBytes(src.tensor), tensorDataBytes(h.tensor)];
    if (params < REPORT_MIN_ELEMENTS || !reader) Object.assign(small, { count: small.count + 1, params: small.params + params, before: small.before + before, after: small.after + after });
    else {
      const clamp = h.large + h.tiny ? `; ${h.large} values clamped to ±65504, ${h.tiny} tiny values raised to ±1e-7` : '';
      layers.push({ node: reader.name || reader.output[0], op: reader.opType, action: 'changed', detail: `float16 weight ${s}${clamp}`, paramsBefore: params, paramsAfter: params, bytesBefore: before, bytesAfter: after });
    }
  }, 0, 0.8, 'inserting Casts');
  if (small.count) layers.push({ node: `(${small.count} small constants)`, op: 'Constant', action: 'changed', detail: 'float16', paramsBefore: small.params, paramsAfter: small.params, bytesBefore: small.before, bytesAfter: small.after });

  // Graph outputs computed in float16: the producer writes a renamed tensor, a final Cast restores the float32 name.
  const tail: NodeProto[] = [];
  for (const out of graph.output) {
    if (types.get(out.name) !== F32 || finalType(out.name) !== F16 || sources.has(out.name)) continue;
    const renamed = name(`${out.name}_fp16`);
    for (const n of graph.node) n.input = n.input.map((i) => (i === out.name ? renamed : i));
    const p = producer.get(out.name)!;
    p.output = p.output.map((o) => (o === out.name ? renamed : o));
    types.set(renamed, F32);
    producer.set(renamed, p);
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
    if (tt && tt.elemType === F32 && finalType(v.name) === F16 && !graph.output.some((o) => o.name === v.name)) tt.elemType = F16;
  }
  ctx.onProgress?.(1, 'done');
  const warnings = summarize(plan.kept, large, tiny, sources.size);
  if (outOfRange.size) {
    const list = [...outOfRange].map(([t, m]) => `${t} (|value| up to ${m.toPrecision(3)})`).join(', ');
    warnings.push(text(`Kept in float32, not clamped: ${list} exceed${outOfRange.size > 1 ? '' : 's'} the float16 range (±65504), so the ops reading ${outOfRange.size > 1 ? 'them' : 'it'} stay float32.`,
      `保持 float32、未截断：${list} 超出 float16 范围（±65504），读取它的算子保持 float32。`));
  }
  return { layers: inGraphOrder(layers, order), warnings };
}

/** float32 constants with a finite value beyond the float16 range, and their largest |value|. */
function largeSources(all: ReturnType<typeof constantSources>, sources: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of sources) {
    let max = 0;
    for (const v of readFloat32(all.get(s)!.tensor)) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
    if (max > FP16_MAX) out.set(s, max);
  }
  return out;
}

function summarize(kept: Map<NodeProto, string>, large: number, tiny: number, constants: number): Text[] {
  const warnings: Text[] = [];
  if (!constants) warnings.push(text('The model has no float32 constants: the weights are unchanged.', '模型没有 float32 常量：权重未改变。'));
  const blocked = new Map<string, number>();
  for (const [node, reason] of kept) if (reason === 'on the float16 block list') blocked.set(node.opType, (blocked.get(node.opType) ?? 0) + 1);
  if (blocked.size) {
    const list = [...blocked].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ');
    warnings.push(text(`Kept in float32 with Casts around them: ${list}.`, `以下算子保持 float32，并在前后插入 Cast：${list}。`));
  }
  if (large) warnings.push(text(`${large} weight values exceeded the float16 range and were clamped to ±65504.`, `${large} 个权重超出 float16 范围，已截断为 ±65504。`));
  if (tiny) warnings.push(text(`${tiny} tiny non-zero weight values were raised to ±1e-7 so they do not become 0.`, `${tiny} 个极小的非零权重被调整为 ±1e-7，以免变为 0。`));
  return warnings;
}

export const fp16Transform: Transform<Fp16Options> = { meta, apply };
