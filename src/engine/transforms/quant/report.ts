// Layer reports, warnings and the per-layer progress/cancel loop the quantization techniques share.
import { elementCount, subgraphLabel, subgraphsOf, tensorDataBytes, tensorShape, type GraphProto, type GraphScope, type NodeProto, type TensorProto } from '../../onnx';
import { DONE, text, type Text } from '../../i18n-text';
import type { LayerReport, TransformContext } from '../types';
import type { WeightLayer } from './candidates';

/** A layer report with the weight's quantization error, which the UI shows to compare per-tensor and per-channel. */
export interface QuantLayerReport extends LayerReport {
  /** Relative RMSE of the dequantized weights: sqrt(sum (w - w')^2 / sum w^2). */
  weightError?: number;
  /** The largest relative RMSE of one output channel (int8): per-tensor scales can wipe out a small channel. */
  worstChannelError?: number;
}

export interface WeightErrors {
  weightError: number;
  worstChannelError?: number;
}

export { text };

/** A layer left alone because the model's opset could not be raised (`problem`: raiseOpset's technical reason). */
export function opsetProblem(problem: string, target: number): Text {
  return text(`model left unchanged: ${problem}`, `模型保持不变：无法把 opset 升级到 ${target}（${problem}）`);
}

/** The report's `graph` field: set only for nodes inside a subgraph. */
export function graphField(scope: GraphScope | undefined): { graph?: string } {
  return scope?.label ? { graph: scope.label } : {};
}

export function skippedLayer(node: NodeProto, reason: Text, weight?: TensorProto, scope?: GraphScope): QuantLayerReport {
  const params = weight ? elementCount(tensorShape(weight)) : 0;
  const bytes = weight ? tensorDataBytes(weight) : 0;
  return { node: node.name || node.output[0], op: node.opType, ...graphField(scope), action: 'skipped', detail: reason, paramsBefore: params, paramsAfter: params, bytesBefore: bytes, bytesAfter: bytes };
}

export function changedLayer(layer: Pick<WeightLayer, 'node' | 'weight' | 'scope'>, newTensors: TensorProto[], detail: Text, errors?: WeightErrors): QuantLayerReport {
  const { node, weight } = layer;
  const params = elementCount(tensorShape(weight));
  const report: QuantLayerReport = {
    node: node.name || node.output[0], op: node.opType, ...graphField(layer.scope), action: 'changed', detail,
    paramsBefore: params, paramsAfter: params,
    bytesBefore: tensorDataBytes(weight),
    bytesAfter: newTensors.reduce((n, t) => n + tensorDataBytes(t), 0),
  };
  return errors ? { ...report, ...errors } : report;
}

export const percent = (x: number): string => `${(x * 100).toFixed(x < 0.001 ? 3 : 2)}%`;

/** "weight error 0.52% (relative RMSE), worst channel 1.3%" */
export function describeErrors(e: WeightErrors): Text {
  const worst = e.worstChannelError === undefined ? undefined : percent(e.worstChannelError);
  return text(
    `weight error ${percent(e.weightError)} (relative RMSE)${worst ? `, worst channel ${worst}` : ''}`,
    `权重误差 ${percent(e.weightError)}（相对 RMSE）${worst ? `，最差通道 ${worst}` : ''}`,
  );
}

/**
 * Runs `step` for each item, reporting progress (mapped into [from, to]) and checking for cancellation between
 * items, so the UI stays informed and Cancel takes effect between layers.
 */
export function eachLayer<T>(
  items: readonly T[], ctx: TransformContext, label: (item: T) => Text, step: (item: T, index: number) => void, from = 0, to = 1, next: Text = DONE,
): void {
  items.forEach((item, i) => {
    ctx.checkCancelled?.();
    ctx.onProgress?.(from + ((to - from) * i) / Math.max(1, items.length), label(item));
    step(item, i);
  });
  ctx.onProgress?.(to, next);
}

/**
 * Node (by graph and name, or first output) -> position in reading order, taken before the graph is edited, to
 * list layers in graph order: each control-flow node's subgraph nodes right after it.
 */
export function nodeOrder(main: GraphProto): Map<string, number> {
  const position = new Map<string, number>();
  const visit = (graph: GraphProto, label: string) => {
    for (const n of graph.node) {
      position.set(orderKey(label, n.name || n.output[0]), position.size);
      for (const s of subgraphsOf(n)) visit(s.graph, subgraphLabel(label, n, s.attribute));
    }
  };
  visit(main, '');
  return position;
}

const orderKey = (graph: string, node: string) => `${graph}\u0000${node}`;

export function inGraphOrder<L extends LayerReport>(layers: L[], order: ReadonlyMap<string, number>): L[] {
  const at = (l: L) => order.get(orderKey(l.graph ?? '', l.node)) ?? Number.MAX_SAFE_INTEGER;
  return [...layers].sort((a, b) => at(a) - at(b));
}

/**
 * A layer whose worst output channel has a relative weight error of 50% or more has lost that channel: half of its
 * weights' magnitude went to rounding (at 100% they all rounded to 0), which happens when one scale serves channels
 * of very different ranges. Per-channel int8 keeps the worst channel near 1% on the same weights.
 */
export const WORST_CHANNEL_LIMIT = 0.5;

/** The caveat for layers whose per-tensor scale wiped out channels, with the measured errors; undefined if none did. */
export function worstChannelCaveat(layers: readonly QuantLayerReport[]): Text | undefined {
  const measured = layers.filter((l) => l.action === 'changed' && l.worstChannelError !== undefined);
  const bad = measured.filter((l) => l.worstChannelError! >= WORST_CHANNEL_LIMIT);
  if (!bad.length) return undefined;
  const worst = bad.reduce((a, b) => (b.worstChannelError! > a.worstChannelError! ? b : a));
  const at = `"${worst.node}"${worst.graph ? ` (${worst.graph})` : ''}`;
  const [k, n, limit, max] = [bad.length, measured.length, percent(WORST_CHANNEL_LIMIT), percent(worst.worstChannelError!)];
  return text(
    `One scale per tensor wipes out output channels here: in ${k} of ${n} quantized layers the worst channel's weight error is ${limit} or more (worst ${max}, in ${at}). Choose "Per channel" weight scales.`,
    `逐张量的单一缩放在这里抹掉了部分输出通道：${n} 个量化层中有 ${k} 个层的最差通道权重误差达到 ${limit} 或以上（最差 ${max}，位于 ${at}）。请选择“逐通道”权重缩放。`,
  );
}
