// Layer reports, warnings and the per-layer progress/cancel loop the quantization techniques share.
import { elementCount, tensorDataBytes, tensorShape, type NodeProto, type TensorProto } from '../../onnx';
import type { Text } from '../../i18n-text';
import type { LayerReport, TransformContext } from '../types';

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

export const text = (en: string, zh: string): Text => ({ en, zh });

export function skippedLayer(node: NodeProto, reason: string, weight?: TensorProto): QuantLayerReport {
  const params = weight ? elementCount(tensorShape(weight)) : 0;
  const bytes = weight ? tensorDataBytes(weight) : 0;
  return { node: node.name || node.output[0], op: node.opType, action: 'skipped', detail: reason, paramsBefore: params, paramsAfter: params, bytesBefore: bytes, bytesAfter: bytes };
}

export function changedLayer(node: NodeProto, weight: TensorProto, newTensors: TensorProto[], detail: string, errors?: WeightErrors): QuantLayerReport {
  const params = elementCount(tensorShape(weight));
  const report: QuantLayerReport = {
    node: node.name || node.output[0], op: node.opType, action: 'changed', detail,
    paramsBefore: params, paramsAfter: params,
    bytesBefore: tensorDataBytes(weight),
    bytesAfter: newTensors.reduce((n, t) => n + tensorDataBytes(t), 0),
  };
  return errors ? { ...report, ...errors } : report;
}

export const percent = (x: number): string => `${(x * 100).toFixed(x < 0.001 ? 3 : 2)}%`;

/** "weight error 0.52% (relative RMSE), worst channel 1.3%" */
export function describeErrors(e: WeightErrors): string {
  const worst = e.worstChannelError === undefined ? '' : `, worst channel ${percent(e.worstChannelError)}`;
  return `weight error ${percent(e.weightError)} (relative RMSE)${worst}`;
}

/**
 * Runs `step` for each item, reporting progress (mapped into [from, to]) and checking for cancellation between
 * items, so the UI stays informed and Cancel takes effect between layers.
 */
export function eachLayer<T>(
  items: readonly T[], ctx: TransformContext, label: (item: T) => string, step: (item: T, index: number) => void, from = 0, to = 1, next = 'done',
): void {
  items.forEach((item, i) => {
    ctx.checkCancelled?.();
    ctx.onProgress?.(from + ((to - from) * i) / Math.max(1, items.length), label(item));
    step(item, i);
  });
  ctx.onProgress?.(to, next);
}

/** Node name (or first output) -> position, taken before the graph is edited, to list layers in graph order. */
export function nodeOrder(nodes: readonly NodeProto[]): Map<string, number> {
  return new Map(nodes.map((n, i) => [n.name || n.output[0], i]));
}

export function inGraphOrder(layers: QuantLayerReport[], order: ReadonlyMap<string, number>): QuantLayerReport[] {
  const at = (l: QuantLayerReport) => order.get(l.node) ?? Number.MAX_SAFE_INTEGER;
  return [...layers].sort((a, b) => at(a) - at(b));
}
