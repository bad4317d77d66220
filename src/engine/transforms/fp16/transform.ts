// float16 conversion with float32 graph inputs/outputs (onnxconverter-common's keep_io_types=True), in every graph
// of the model: the main graph and each If/Loop/Scan body is converted on its own, with float32 at its boundaries,
// so control-flow nodes see the types they saw before. A graph none of whose weights become float16 is left exactly
// as it is (Casts there would only add bytes and rounding), and a model where nothing converts comes back unchanged.
import { DataType, FP16_MAX, readFloat32, describeNonFiniteText, elementCount, graphScopes, namesReadBySubgraphs, nonFinite, nonFiniteTotal, tensorDataBytes, tensorShape, uniqueNamer, type GraphProto, type ModelProto, type NodeProto } from '../../onnx';
import { DONE, same, type Text } from '../../i18n-text';
import type { Transform, TransformContext, TransformOutcome } from '../types';
import { inferElemTypes } from '../quant/elem-types';
import { constantSources } from '../quant/graph-utils';
import { eachLayer, graphField, inGraphOrder, nodeOrder, skippedLayer, text, type QuantLayerReport } from '../quant/report';
import { EXCLUDED_DETAIL } from '../exclude';
import { toHalfTensor } from './half';
import { meta, type Fp16Options } from './meta';
import { ON_BLOCK_LIST, planFp16 } from './plan';
import { rewriteGraph, type GraphPlan } from './rewrite';

const F32 = DataType.FLOAT;
/** Constants smaller than this are summed into one report row instead of one row each. */
const REPORT_MIN_ELEMENTS = 16;

/** The largest |value| of finite weights beyond the float16 range (0 if none): never clamped, readers stay float32. */
function largeValue(values: Float32Array): number {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return max > FP16_MAX ? max : 0;
}

function planAll(main: GraphProto, exclude: ReadonlySet<string> | undefined): { plans: GraphPlan[]; poisoned: Map<GraphPlan, Set<string>>; outOfRange: Map<string, number> } {
  const typesOf = new Map<GraphProto, Map<string, number>>();
  const poisoned = new Map<GraphPlan, Set<string>>();
  const outOfRange = new Map<string, number>();
  const plans = graphScopes(main).map((scope) => {
    const types = inferElemTypes(scope.graph, scope.parent && typesOf.get(scope.parent.graph));
    typesOf.set(scope.graph, types);
    const constants = constantSources(scope.graph);
    const floats = [...constants].filter(([, c]) => c.tensor.dataType === F32).map(([k]) => k);
    // NaN/Inf weights stay float32 exactly as they are (see onnx/finite.ts); their readers get a Cast.
    const bad = new Set(floats.filter((k) => nonFiniteTotal(nonFinite(constants.get(k)!.tensor))));
    const sources = new Set(floats.filter((k) => !bad.has(k)));
    const outputs = new Set(scope.graph.output.map((o) => o.name));
    const pinned = new Set([...namesReadBySubgraphs(scope.graph), ...[...sources].filter((k) => outputs.has(k))]);
    const large = new Map([...sources].map((k): [string, number] => [k, largeValue(readFloat32(constants.get(k)!.tensor))]).filter(([, m]) => m > 0));
    large.forEach((m, k) => outOfRange.set(k, m));
    const plan: GraphPlan = { scope, types, constants, sources, plan: planFp16(scope.graph, types, sources, pinned, exclude, large) };
    poisoned.set(plan, bad);
    return plan;
  });
  return { plans, poisoned, outOfRange };
}

function apply(model: ModelProto, _o: Fp16Options, ctx: TransformContext): TransformOutcome {
  const graph = model.graph!;
  const order = nodeOrder(graph);
  const { plans, poisoned, outOfRange } = planAll(graph, ctx.exclude);
  const layers: QuantLayerReport[] = [];
  const converting = plans.filter((p) => p.plan.convertedSources.size > 0);
  const report = (p: GraphPlan, s: string) => reportKept(p, s, poisoned.get(p)!.has(s), outOfRange.has(s), layers);
  if (!converting.length) {
    for (const p of plans) for (const s of [...p.sources, ...poisoned.get(p)!]) report(p, s);
    const why = nothingConverted(plans.reduce((n, p) => n + p.sources.size + poisoned.get(p)!.size, 0));
    return { layers: inGraphOrder(layers, order), warnings: [why], caveats: [why], unchanged: true };
  }

  // Convert the constants, one progress step each.
  let large = 0;
  let tiny = 0;
  const small = { count: 0, params: 0, before: 0, after: 0 };
  const items = plans.flatMap((p) => [...p.sources, ...poisoned.get(p)!].map((s) => ({ p, s })));
  eachLayer(items, ctx, ({ s }) => same(`float16: ${s}`), ({ p, s }) => {
    const src = p.constants.get(s)!;
    const params = elementCount(tensorShape(src.tensor));
    const reader = firstReader(p.scope.graph, s);
    if (!p.plan.convertedSources.has(s)) return report(p, s);
    const h = toHalfTensor(src.tensor);
    large += h.large;
    tiny += h.tiny;
    if (src.node) src.node.attribute.find((a) => a.name === 'value')!.t = h.tensor;
    else p.scope.graph.initializer[p.scope.graph.initializer.indexOf(src.tensor)] = h.tensor;
    const [before, after] = [tensorDataBytes(src.tensor), tensorDataBytes(h.tensor)];
    if (params < REPORT_MIN_ELEMENTS || !reader) Object.assign(small, { count: small.count + 1, params: small.params + params, before: small.before + before, after: small.after + after });
    else {
      const clamped = h.large + h.tiny > 0;
      const detail = text(
        `float16 weight ${s}${clamped ? `; ${h.large} values clamped to ±65504, ${h.tiny} tiny values raised to ±1e-7` : ''}`,
        `float16 权重 ${s}${clamped ? `；${h.large} 个值截断为 ±65504，${h.tiny} 个极小值调整为 ±1e-7` : ''}`,
      );
      layers.push({ node: reader.name || reader.output[0], op: reader.opType, ...graphField(p.scope), action: 'changed', detail, paramsBefore: params, paramsAfter: params, bytesBefore: before, bytesAfter: after });
    }
  }, 0, 0.8, text('inserting Casts', '插入 Cast'));
  if (small.count) layers.push({ node: `(${small.count} small constants)`, op: 'Constant', action: 'changed', detail: text('float16', 'float16'), paramsBefore: small.params, paramsAfter: small.params, bytesBefore: small.before, bytesAfter: small.after });

  const name = uniqueNamer(graph);
  for (const p of converting) rewriteGraph(p, name);
  ctx.onProgress?.(1, DONE);
  const untouched = plans.filter((p) => !converting.includes(p) && p.scope.parent).map((p) => p.scope.label);
  return { layers: inGraphOrder(layers, order), warnings: summarize(converting, large, tiny, untouched, outOfRange) };
}

const readers = new WeakMap<GraphProto, Map<string, NodeProto>>();

/** The first node of `graph` reading `name` (looked up before any Cast is inserted). */
function firstReader(graph: GraphProto, name: string): NodeProto | undefined {
  let map = readers.get(graph);
  if (!map) {
    map = new Map();
    for (const n of graph.node) for (const i of n.input) if (i && !map.has(i)) map.set(i, n);
    readers.set(graph, map);
  }
  return map.get(name);
}

/** A report row for a constant that stays float32, with the reason (only for sizeable constants). */
function reportKept(p: GraphPlan, s: string, isPoisoned: boolean, tooLarge: boolean, layers: QuantLayerReport[]): void {
  const src = p.constants.get(s)!;
  const reader = firstReader(p.scope.graph, s);
  if ((elementCount(tensorShape(src.tensor)) < REPORT_MIN_ELEMENTS && !tooLarge) || !reader) return; // out of range: always named
  const why = p.plan.kept.get(reader);
  const bad = isPoisoned ? describeNonFiniteText(nonFinite(src.tensor)) : undefined;
  const reason = why ?? text('read inside a subgraph, or a graph output', '在子图中被读取，或是图的输出');
  const detail = bad ? text(`kept float32: holds ${bad.en}`, `保持 float32：含 ${bad.zh}`)
    : why === EXCLUDED_DETAIL ? why
    : text(`kept float32: read only by float32 ops (${reason.en})`, `保持 float32：只被 float32 算子读取（${reason.zh}）`);
  layers.push(skippedLayer(reader, detail, src.tensor, p.scope));
}

function nothingConverted(constants: number): Text {
  return constants
    ? text(`float16 converted nothing: each of the ${constants} float32 constants is read only by ops that stay float32 (each row says why). The model is left exactly as it was.`,
      `float16 没有转换任何内容：${constants} 个 float32 常量都只被保持 float32 的算子读取（每行列出原因）。模型保持原样。`)
    : text('float16 converted nothing: the model has no float32 weights, in its main graph or in any subgraph. The model is left exactly as it was.',
      'float16 没有转换任何内容：模型的主图和子图中都没有 float32 权重。模型保持原样。');
}

function summarize(converting: GraphPlan[], large: number, tiny: number, untouched: string[], outOfRange: ReadonlyMap<string, number>): Text[] {
  const warnings: Text[] = [];
  const blocked = new Map<string, number>();
  for (const p of converting) for (const [node, reason] of p.plan.kept) if (reason === ON_BLOCK_LIST) blocked.set(node.opType, (blocked.get(node.opType) ?? 0) + 1);
  if (blocked.size) {
    const list = [...blocked].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ');
    warnings.push(text(`Kept in float32 with Casts around them: ${list}.`, `以下算子保持 float32，并在前后插入 Cast：${list}。`));
  }
  if (untouched.length) warnings.push(text(`Left in float32 (no weight of theirs converts): ${untouched.join('; ')}.`, `以下子图保持 float32（其中没有可转换的权重）：${untouched.join('；')}。`));
  if (outOfRange.size) {
    const list = [...outOfRange].map(([t, m]) => `${t} (|value| up to ${m.toPrecision(3)})`).join(', ');
    warnings.push(text(`Kept in float32, not clamped: ${list} exceed${outOfRange.size > 1 ? '' : 's'} the float16 range (±65504), so the ops reading ${outOfRange.size > 1 ? 'them' : 'it'} stay float32.`,
      `保持 float32、未截断：${list} 超出 float16 范围（±65504），读取它的算子保持 float32。`));
  }
  if (large) warnings.push(text(`${large} weight values exceeded the float16 range and were clamped to ±65504.`, `${large} 个权重超出 float16 范围，已截断为 ±65504。`));
  if (tiny) warnings.push(text(`${tiny} tiny non-zero weight values were raised to ±1e-7 so they do not become 0.`, `${tiny} 个极小的非零权重被调整为 ±1e-7，以免变为 0。`));
  return warnings;
}

export const fp16Transform: Transform<Fp16Options> = { meta, apply };
