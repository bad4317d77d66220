// Finds the weight tensors of Conv / ConvTranspose / Gemm / MatMul nodes, and says clearly why a layer has none
// (weight computed at run time, already quantized, not a float tensor) so the report can list it as skipped.
import { attrInt, dataTypeName, describeNonFinite, elementCount, nonFinite, nonFiniteTotal, producerMap, tensorShape, type GraphScope, type ModelProto, type NodeProto, type TensorProto } from '../../onnx';
import type { LayerReport } from '../types';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { graphField } from '../quant/report';
import { scopeStores, type ConstantStore } from './constants';
import { elementBytes, isFloatTensor } from './tensor-data';

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
    .map((u) => skippedLayer(u.node, isExcluded(u.node, exclude) ? EXCLUDED_DETAIL : 'weight shared with an excluded layer', u.tensor, u.scope));
  return { weights, skipped: [...skipped, ...scan.skipped] };
}

function unsupported(t: TensorProto): string | undefined {
  if (!isFloatTensor(t)) return `weights are ${dataTypeName(t.dataType)}, not float (prune before quantizing)`;
  if (t.externalData.length) return 'weights are stored in an external file';
  if (elementCount(tensorShape(t)) === 0) return 'empty weight tensor';
  const bad = nonFinite(t);
  if (nonFiniteTotal(bad)) return `weights hold ${describeNonFinite(bad)}: left as they are`;
  return undefined;
}

function runtimeWeight(producer: NodeProto | undefined): string {
  if (producer?.opType === 'DequantizeLinear') return 'weights are already quantized (DequantizeLinear): prune before quantizing';
  return `weights are computed at run time${producer ? ` by ${producer.opType} "${producer.name}"` : ' (a graph input)'}, not stored`;
}

export function skippedLayer(node: NodeProto, detail: string, tensor?: TensorProto, scope?: GraphScope): LayerReport {
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
