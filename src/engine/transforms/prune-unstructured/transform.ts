// Unstructured magnitude pruning: zeroes individual weights of Conv/ConvTranspose/Gemm/MatMul weight tensors
// (never biases or normalization parameters), in every graph of the model (If/Loop/Scan bodies included). Exact
// counts per scope (see prune-common/select.ts).
import { readFloat32, type ModelProto, type TensorProto } from '../../onnx';
import { gzipSize } from '../../size';
import type { LayerReport, Transform, TransformContext, TransformOutcome } from '../types';
import { kib, pct } from '../prune-common/format';
import { absOf, applyCut, cutForCount, type Cut } from '../prune-common/select';
import { elementBytes, rawBytes, zeroMasked } from '../prune-common/tensor-data';
import { findModelWeights, nodeLabel, withoutExcluded, type WeightUse } from '../prune-common/weights';
import { graphField } from '../quant/report';
import { unstructuredMeta, type UnstructuredOptions } from './meta';
import { summaryWarnings } from './summary';
import { text, type Text } from '../../i18n-text';

interface Layer {
  use: WeightUse;
  sharedBy: number;
  abs: Float32Array;
}

async function apply(model: ModelProto, options: UnstructuredOptions, ctx: TransformContext): Promise<TransformOutcome> {
  const scan = withoutExcluded(findModelWeights(model), ctx.exclude);
  const layers = uniqueWeights(scan.weights);
  const globalCut = options.method === 'magnitude' && options.scope === 'global' ? cutAcross(layers, options.rate) : undefined;
  const reports: LayerReport[] = [];
  for (const [i, layer] of layers.entries()) {
    ctx.checkCancelled?.();
    ctx.onProgress?.(i / layers.length, text(`pruning ${layer.use.name}`, `剪枝 ${layer.use.name}`));
    reports.push(await pruneLayer(layer, options, globalCut));
  }
  ctx.onProgress?.(1, text('pruned', '剪枝完成'));
  return { layers: [...reports, ...scan.skipped], warnings: summaryWarnings(reports, options) };
}

/** One entry per weight tensor: a tensor shared by several nodes (of any graph) is pruned once. */
function uniqueWeights(uses: WeightUse[]): Layer[] {
  const byTensor = new Map<TensorProto, Layer>();
  for (const use of uses) {
    const seen = byTensor.get(use.tensor);
    if (seen) seen.sharedBy++;
    else byTensor.set(use.tensor, { use, sharedBy: 1, abs: absOf(readFloat32(use.tensor)) });
  }
  return [...byTensor.values()];
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

async function pruneLayer(layer: Layer, options: UnstructuredOptions, globalCut: Cut | undefined): Promise<LayerReport> {
  const { use, abs } = layer;
  const n = abs.length;
  const mask = new Uint8Array(n);
  let rule: Text;
  if (options.method === 'mean-abs') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += abs[i];
    const mean = sum / n;
    for (let i = 0; i < n; i++) if (abs[i] < mean) mask[i] = 1;
    rule = text(`mean-abs rule (|w| < ${mean.toPrecision(3)})`, `均值规则（|w| < ${mean.toPrecision(3)}）`);
  } else {
    applyCut(abs, globalCut ?? cutForCount(abs, Math.round((options.rate / 100) * n)), mask);
    rule = globalCut ? text('global threshold', '全局阈值') : text(`${options.rate}% of this layer`, `本层的 ${options.rate}%`);
  }
  const before = rawBytes(use.tensor);
  const pruned = zeroMasked(use.tensor, mask);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (mask[i] || abs[i] === 0) zeros++;
  const newly = countNew(mask, abs);
  if (newly > 0) use.store.replace(use.name, pruned);
  const gzipBefore = await gzipSize(before);
  const gzipAfter = newly > 0 ? await gzipSize(pruned.rawData) : gzipBefore;
  const bytes = n * elementBytes(use.tensor);
  const shared = layer.sharedBy > 1 ? text(` · weight shared by ${layer.sharedBy} nodes`, ` · 权重由 ${layer.sharedBy} 个节点共用`) : text('', '');
  const sparsity = pct(zeros / n), gzip = `${kib(gzipBefore)} → ${kib(gzipAfter)}`;
  return {
    node: nodeLabel(use.node),
    op: use.node.opType,
    ...graphField(use.scope),
    action: newly > 0 ? 'changed' : 'skipped',
    detail: text(
      `${newly > 0 ? '' : 'nothing to prune: '}sparsity ${sparsity} (${zeros} of ${n} zero; ${rule.en}) · weight gzip ${gzip}${shared.en}`,
      `${newly > 0 ? '' : '没有可剪的权重：'}稀疏度 ${sparsity}（${n} 个中 ${zeros} 个为零；${rule.zh}）· 权重 gzip ${gzip}${shared.zh}`,
    ),
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
