// Unstructured magnitude pruning: zeroes individual weights of Conv/ConvTranspose/Gemm/MatMul weight tensors
// (never biases or normalization parameters). Exact counts per scope (see prune-common/select.ts).
import { readFloat32, type ModelProto } from '../../onnx';
import { measureSize } from '../../size';
import type { LayerReport, Transform, TransformContext, TransformOutcome } from '../types';
import { ConstantStore } from '../prune-common/constants';
import { kib, pct } from '../prune-common/format';
import { absOf, applyCut, cutForCount, type Cut } from '../prune-common/select';
import { elementBytes, rawBytes, zeroMasked } from '../prune-common/tensor-data';
import { findWeights, nodeLabel, withoutExcluded, type WeightUse } from '../prune-common/weights';
import { unstructuredMeta, type UnstructuredOptions } from './meta';
import { summaryWarnings } from './summary';

interface Layer {
  use: WeightUse;
  sharedBy: number;
  abs: Float32Array;
}

function apply(model: ModelProto, options: UnstructuredOptions, ctx: TransformContext): TransformOutcome {
  const graph = model.graph!;
  const store = new ConstantStore(graph, model.irVersion);
  const scan = withoutExcluded(findWeights(graph, store), ctx.exclude);
  const layers = uniqueWeights(scan.weights);
  const globalCut = options.method === 'magnitude' && options.scope === 'global' ? cutAcross(layers, options.rate) : undefined;
  const reports: LayerReport[] = [];
  for (const [i, layer] of layers.entries()) {
    ctx.checkCancelled?.();
    ctx.onProgress?.(i / layers.length, `pruning ${layer.use.name}`);
    reports.push(pruneLayer(layer, options, globalCut, store));
  }
  ctx.onProgress?.(1, 'pruned');
  return { layers: [...reports, ...scan.skipped], warnings: summaryWarnings(reports, options) };
}

/** One entry per weight tensor: a tensor shared by several nodes is pruned once. */
function uniqueWeights(uses: WeightUse[]): Layer[] {
  const byName = new Map<string, Layer>();
  for (const use of uses) {
    const seen = byName.get(use.name);
    if (seen) seen.sharedBy++;
    else byName.set(use.name, { use, sharedBy: 1, abs: absOf(readFloat32(use.tensor)) });
  }
  return [...byName.values()];
}

/** One threshold over all layers: exactly round(rate * total) weights, ties broken by layer then element order. */
function cutAcross(layers: Layer[], rate: number): Cut {
  const total = layers.reduce((n, l) => n + l.abs.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const l of layers) {
    all.set(l.abs, offset);
    offset += l.abs.length;
  }
  return cutForCount(all, Math.round((rate / 100) * total));
}

function pruneLayer(layer: Layer, options: UnstructuredOptions, globalCut: Cut | undefined, store: ConstantStore): LayerReport {
  const { use, abs } = layer;
  const n = abs.length;
  const mask = new Uint8Array(n);
  let rule: string;
  if (options.method === 'mean-abs') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += abs[i];
    const mean = sum / n;
    for (let i = 0; i < n; i++) if (abs[i] < mean) mask[i] = 1;
    rule = `mean-abs rule (|w| < ${mean.toPrecision(3)})`;
  } else {
    applyCut(abs, globalCut ?? cutForCount(abs, Math.round((options.rate / 100) * n)), mask);
    rule = globalCut ? 'global threshold' : `${options.rate}% of this layer`;
  }
  const before = rawBytes(use.tensor);
  const pruned = zeroMasked(use.tensor, mask);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (mask[i] || abs[i] === 0) zeros++;
  const newly = countNew(mask, abs);
  if (newly > 0) store.replace(use.name, pruned);
  const gzipBefore = measureSize(before).gzip;
  const gzipAfter = newly > 0 ? measureSize(pruned.rawData).gzip : gzipBefore;
  const bytes = n * elementBytes(use.tensor);
  const shared = layer.sharedBy > 1 ? ` · weight shared by ${layer.sharedBy} nodes` : '';
  return {
    node: nodeLabel(use.node),
    op: use.node.opType,
    action: newly > 0 ? 'changed' : 'skipped',
    detail: `${newly > 0 ? '' : 'nothing to prune: '}sparsity ${pct(zeros / n)} (${zeros} of ${n} zero; ${rule}) · weight gzip ${kib(gzipBefore)} → ${kib(gzipAfter)}${shared}`,
    // Zeros are still stored: raw bytes do not change; paramsAfter counts the weights that remain non-zero.
    paramsBefore: n,
    paramsAfter: n - zeros,
    bytesBefore: bytes,
    bytesAfter: bytes,
    sparsity: zeros / n,
  };
}

function countNew(mask: Uint8Array, abs: Float32Array): number {
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] && abs[i] !== 0) k++;
  return k;
}

export const pruneUnstructured: Transform<UnstructuredOptions> = { meta: unstructuredMeta, apply };
