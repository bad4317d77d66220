// Low-rank factorization: MatMul(X, W) -> MatMul(MatMul(X, A), B), and Gemm(X, W, C) -> Gemm(MatMul(X, A), B, C),
// with A·B the truncated SVD of W. Only constant 2-D weights on the right-hand side qualify, in any graph of the
// model (a layer inside an If/Loop/Scan body is factorized there; an outer weight it reads is read through its store).
import { readFloat32, attrInt, makeNode, replaceNode, tensorShape, uniqueNamer, type ModelProto } from '../../onnx';
import type { LayerReport, Transform, TransformContext, TransformOutcome } from '../types';
import { pct } from '../prune-common/format';
import { elementBytes, floatTensorLike } from '../prune-common/tensor-data';
import { findModelWeights, nodeLabel, withoutExcluded, skippedLayer, type WeightUse } from '../prune-common/weights';
import { graphField } from '../quant/report';
import { lowRankMeta, type LowRankOptions } from './meta';
import { factors, keptEnergy, rankForEnergy, spectrum } from './svd';
import { lowRankSummary } from './summary';
import { joinText, same, text, type Text } from '../../i18n-text';

/** Past this size the in-browser eigendecomposition (~9n³ flops) would take too long. */
export const MAX_SIDE = 1536;

function apply(model: ModelProto, options: LowRankOptions, ctx: TransformContext): TransformOutcome {
  const scan = withoutExcluded(findModelWeights(model), ctx.exclude);
  const uses = scan.weights.filter((u) => u.node.opType === 'MatMul' || u.node.opType === 'Gemm');
  const newName = uniqueNamer(model.graph!);
  const layers: LayerReport[] = [];
  for (const [i, use] of uses.entries()) {
    ctx.checkCancelled?.();
    ctx.onProgress?.(i / uses.length, text(`factorizing ${use.node.name || use.name}`, `分解 ${use.node.name || use.name}`));
    const why = unsuitable(use);
    layers.push(why ? skippedLayer(use.node, why, use.tensor, use.scope) : factorize(use, options, newName));
  }
  ctx.onProgress?.(1, text('factorized', '分解完成'));
  const skipped = scan.skipped.filter((l) => l.op === 'MatMul' || l.op === 'Gemm');
  return { layers: [...layers, ...skipped], warnings: lowRankSummary(layers) };
}

function unsuitable(use: WeightUse): Text | undefined {
  const dims = tensorShape(use.tensor);
  if (use.input !== 1) return text('the constant is the first MatMul input', '常量是 MatMul 的第一个输入');
  if (dims.length !== 2) return text(`weight has rank ${dims.length}, not 2`, `权重的秩为 ${dims.length}，不是 2`);
  if (use.node.opType === 'Gemm' && attrInt(use.node, 'transA', 0)) return text('Gemm with transA=1 is not supported', '不支持 transA=1 的 Gemm');
  if (Math.min(...dims) < 2) return text('weight is a vector: nothing to factorize', '权重是向量：无可分解');
  if (Math.min(...dims) > MAX_SIDE) return text(`weight is too large for the in-browser SVD (min side > ${MAX_SIDE})`, `权重太大，无法在浏览器中做 SVD（最短边 > ${MAX_SIDE}）`);
  const readers = use.store.useCount(use.name);
  if (readers > 1) return text(`weight is shared by ${readers} readers`, `权重被 ${readers} 处读取（共用）`);
  if (!use.store.get(use.name)) return text('weight is not a constant', '权重不是常量');
  return undefined;
}

function factorize(use: WeightUse, options: LowRankOptions, newName: (b: string) => string): LayerReport {
  const { node, store } = use;
  const stored = tensorShape(use.tensor);
  const transB = node.opType === 'Gemm' && attrInt(node, 'transB', 0) === 1;
  const values = readFloat32(use.tensor);
  // The effective W is K x N (input features x output features) whatever the storage.
  const [rows, cols] = transB ? [stored[1], stored[0]] : stored;
  const w = transB ? transpose(values, stored[0], stored[1]) : values;
  const s = spectrum(w, rows, cols);
  const full = Math.min(rows, cols);
  const rank = options.mode === 'rank' ? Math.max(1, Math.round((options.rank / 100) * full)) : rankForEnergy(s, options.energy / 100);
  const energy = keptEnergy(s, rank);
  const before = rows * cols;
  const after = rank * (rows + cols);
  const kept = pct(energy, 2);
  const what = text(`rank ${rank} of ${full} keeps ${kept} of the energy`, `秩 ${rank}/${full} 保留 ${kept} 的能量`);
  if (after >= before) return skippedLayer(node, text(`${what.en}, but needs ${after} ≥ ${before} parameters: no saving`, `${what.zh}，但需要 ${after} ≥ ${before} 个参数：没有节省`), use.tensor, use.scope);
  const { a, b } = factors(w, rows, cols, s, rank);
  const aName = newName(`${use.name}_lowrank_a`);
  const bName = newName(`${use.name}_lowrank_b`);
  const mid = newName(`${node.output[0]}_lowrank`);
  const first = makeNode({ opType: 'MatMul', inputs: [node.input[0], aName], outputs: [mid], name: newName(`${nodeLabel(node)}_lowrank_a`) });
  // The original node becomes the second factor (it keeps its name, output, bias, alpha and beta).
  node.input = [mid, bName, ...node.input.slice(2)];
  node.attribute = node.attribute.filter((x) => x.name !== 'transB');
  replaceNode(use.scope.graph, node, [first, node]);
  store.add(aName, floatTensorLike(use.tensor, [rows, rank], a), use.name, first);
  store.add(bName, floatTensorLike(use.tensor, [rank, cols], b), use.name, first);
  store.removeIfUnused(use.name);
  const size = elementBytes(use.tensor);
  return {
    node: nodeLabel(node), op: node.opType, ...graphField(use.scope), action: 'changed', detail: joinText([what, same(`[${rows}×${cols}] → [${rows}×${rank}]·[${rank}×${cols}]`)], same(' · ')),
    paramsBefore: before, paramsAfter: after, bytesBefore: before * size, bytesAfter: after * size,
  };
}

function transpose(v: Float32Array, r: number, c: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = v[i * c + j];
  return out;
}

export const lowRank: Transform<LowRankOptions> = { meta: lowRankMeta, apply };
