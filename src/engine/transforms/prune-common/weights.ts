// Finds the weight tensors of Conv / ConvTranspose / Gemm / MatMul nodes, and says clearly why a layer has none
// (weight computed at run time, already quantized, not a float tensor) so the report can list it as skipped.
import { attrInt, dataTypeName, describeNonFiniteText, elementCount, nonFinite, nonFiniteTotal, producerMap, tensorShape, type GraphScope, type ModelProto, type NodeProto, type TensorProto } from '../../onnx';
import type { LayerReport } from '../types';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { graphField } from '../quant/report';
import { scopeStores, type ConstantStore } from './constants';
import { elementBytes, isFloatTensor } from './tensor-data';
import { text, type Text } from '../../i18n-text';

export const WEIGHT_OPS = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul']);

export interface WeightUse {
  node: NodeProto;
  /** Which input of `node` holds the weight. */
  input: number;
  name: string;
  tensor: TensorProto;
  /** The graph holding the node, and the store that resolves names there. */
  scope: GraphScope;
  store: ConstantStore;
}

export interface WeightScan {
  weights: WeightUse[];
  skipped: LayerReport[];
}

/** Index of the weight input, or -1 for a MatMul of two activations (not a weight layer at all). */
function weightInput(node: NodeProto, store: ConstantStore): number {
  if (node.opType !== 'MatMul') return 1;
  if (store.get(node.input[1])) return 1;
  return store.get(node.input[0]) ? 0 : -1;
}

/** The weight layers of one graph (`scope`), with names resolved by `store` (outer weights included). */
export function findWeights(scope: GraphScope, store: ConstantStore): WeightScan {
  const graph = scope.graph;
  const producers = producerMap(graph);
  const weights: WeightUse[] = [];
  const skipped: LayerReport[] = [];
  for (const node of graph.node) {
    if (!WEIGHT_OPS.has(node.opType) || (node.domain && node.domain !== 'ai.onnx')) continue;
    const input = weightInput(node, store);
    if (input < 0) continue;
    const name = node.input[input];
    const tensor = store.get(name);
    const why = tensor ? unsupported(tensor) : runtimeWeight(producers.get(name));
    if (why) {
      skipped.push(skippedLayer(node, why, tensor, scope));
      continue;
    }
    weights.push({ node, input, name, tensor: tensor!, scope, store });
  }
  return { weights, skipped };
}

/** The weight layers of every graph of the model: the main graph first, then If/Loop/Scan bodies. */
export function findModelWeights(model: ModelProto): WeightScan {
  const scan: WeightScan = { weights: [], skipped: [] };
  for (const { scope, store } of scopeStores(model)) {
    const found = findWeights(scope, store);
    scan.weights.push(...found.weights);
    scan.skipped.push(...found.skipped);
  }
  return scan;
}

/**
 * Moves excluded layers (TransformContext.exclude) to the skipped list, and with them any layer sharing an excluded
 * layer's weight tensor, since changing that tensor would change the excluded layer too.
 */
export function withoutExcluded(scan: WeightScan, exclude: ReadonlySet<string> | undefined): WeightScan {
  if (!exclude?.size) return scan;
  const held = new Set(scan.weights.filter((u) => isExcluded(u.node, exclude)).map((u) => u.name));
  const weights = scan.weights.filter((u) => !held.has(u.name));
  const skipped = scan.weights.filter((u) => held.has(u.name))
    .map((u) => skippedLayer(u.node, isExcluded(u.node, exclude) ? EXCLUDED_DETAIL : text('weight shared with an excluded layer', '权重与已排除的层共用'), u.tensor, u.scope));
  return { weights, skipped: [...skipped, ...scan.skipped] };
}

function unsupported(t: TensorProto): Text | undefined {
  const type = dataTypeName(t.dataType);
  if (!isFloatTensor(t)) return text(`weights are ${type}, not float (prune before quantizing)`, `权重是 ${type}，不是浮点（请先剪枝再量化）`);
  if (t.externalData.length) return text('weights are stored in an external file', '权重存放在外部文件中');
  if (elementCount(tensorShape(t)) === 0) return text('empty weight tensor', '空的权重张量');
  const bad = nonFinite(t);
  if (nonFiniteTotal(bad)) {
    const what = describeNonFiniteText(bad);
    return text(`weights hold ${what.en}: left as they are`, `权重含 ${what.zh}：保持原样`);
  }
  return undefined;
}

function runtimeWeight(producer: NodeProto | undefined): Text {
  if (producer?.opType === 'DequantizeLinear') return text('weights are already quantized (DequantizeLinear): prune before quantizing', '权重已被量化（DequantizeLinear）：请先剪枝再量化');
  const by = producer ? `${producer.opType} "${producer.name}"` : undefined;
  return text(`weights are computed at run time${by ? ` by ${by}` : ' (a graph input)'}, not stored`, `权重在运行时计算${by ? `（由 ${by} 产生）` : '（是图的输入）'}，没有存储`);
}

export function skippedLayer(node: NodeProto, detail: Text, tensor?: TensorProto, scope?: GraphScope): LayerReport {
  const params = tensor ? elementCount(tensorShape(tensor)) : 0;
  const bytes = tensor ? params * elementBytes(tensor) : 0;
  return { node: node.name || node.output[0], op: node.opType, ...graphField(scope), action: 'skipped', detail, paramsBefore: params, paramsAfter: params, bytesBefore: bytes, bytesAfter: bytes };
}

export function nodeLabel(node: NodeProto): string {
  return node.name || node.output[0];
}

export function groupOf(node: NodeProto): number {
  return attrInt(node, 'group', 1);
}
