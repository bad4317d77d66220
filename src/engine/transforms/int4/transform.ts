// int4 weight-only quantization: MatMul (and Gemm with transA=0) with a constant 2-D float32 weight becomes
// com.microsoft.MatMulNBits. Everything else, convolutions included, is left as it is and listed with the reason.
import { readFloat32,
  DataType, attrFloat, makeNode, makeTensor, replaceNode, setInitializer, tensorShape, uniqueNamer, graphScopes, type ModelProto, type TensorProto,
} from '../../onnx';
import type { Transform, TransformContext, TransformOutcome } from '../types';
import { findWeightLayers, type WeightLayer } from '../quant/candidates';
import { constantSources, ensureOpsetImport, removeUnusedConstants, visibleConstants } from '../quant/graph-utils';
import { relativeRmse } from '../quant/math';
import { changedLayer, describeErrors, eachLayer, inGraphOrder, nodeOrder, skippedLayer, text, type QuantLayerReport } from '../quant/report';
import { transpose2d } from '../quant/weights';
import { meta, type Int4Options } from './meta';
import { quantizeInt4Blocks } from './pack';
import { quantizeGathers } from './gather';
import { joinText, same, type Text } from '../../i18n-text';

/** Below this K a 4-bit block holds mostly padding and the layer barely shrinks. */
const MIN_K = 16;

function apply(model: ModelProto, o: Int4Options, ctx: TransformContext): TransformOutcome {
  const graph = model.graph!;
  const order = nodeOrder(graph);
  const found = findWeightLayers(graph, {
    ops: new Set(['MatMul', 'Gemm']),
    exclude: ctx.exclude,
    otherOpReason: (op) => (op === 'Conv' ? text('int4 (MatMulNBits) does not cover convolutions', 'int4（MatMulNBits）不覆盖卷积')
      : op === 'Gather' ? text('embedding (Gather) tables are not covered by MatMulNBits', 'MatMulNBits 不覆盖嵌入（Gather）表')
      : text(`${op} is not covered by int4 (MatMulNBits)`, `int4（MatMulNBits）不覆盖 ${op}`)),
  });
  const layers: QuantLayerReport[] = found.skipped.map((s) => skippedLayer(s.node, s.reason, s.weight, s.scope));
  const warnings: Text[] = [];
  const hasConv = graphScopes(graph).some((s) => s.graph.node.some((n) => n.opType === 'Conv'));
  const name = uniqueNamer(graph);
  const replaced: string[] = [];
  if (o.embeddings === 'int4') {
    // Embedding rows first, while the tables are still plain initializers (a tied LM head reads the same table).
    // Only the main graph's Gathers: embedding lookups do not sit inside If/Loop bodies in the models met so far.
    const constants = new Map([...constantSources(graph)].map(([k, v]) => [k, v.tensor]));
    const g = quantizeGathers(graph, constants, Number(o.blockSize), o.mode === 'symmetric', ctx, name);
    const rewritten = new Set(g.layers.map((l) => l.node));
    layers.splice(0, layers.length, ...layers.filter((l) => !(l.op === 'Gather' && rewritten.has(l.node))), ...g.layers);
    replaced.push(...g.replaced);
    if (g.replaced.length) ensureOpsetImport(model, 'com.microsoft', 1);
  }
  if (!found.layers.length) {
    removeUnusedConstants(graph, replaced);
    if (replaced.length) return { layers: inGraphOrder(layers, order), warnings };
    warnings.push(hasConv
      ? text('int4 does not shrink convolutions, and this model has no MatMul/Gemm with a constant weight: it is left unchanged.', 'int4 不压缩卷积，而此模型没有带常量权重的 MatMul/Gemm：模型保持不变。')
      : text('No MatMul or Gemm with a constant float32 weight: nothing to quantize.', '没有带常量 float32 权重的 MatMul 或 Gemm：无可量化的层。'));
    return { layers: inGraphOrder(layers, order), warnings, unchanged: true };
  }
  if (hasConv) warnings.push(text('int4 does not shrink convolutions: only the MatMul/Gemm weights were quantized.', 'int4 不压缩卷积：只量化了 MatMul/Gemm 权重。'));
  const blockSize = Number(o.blockSize);
  const symmetric = o.mode === 'symmetric';

  const rewrite = (layer: WeightLayer): QuantLayerReport => {
    const { node } = layer;
    const [k, n] = layer.transB ? [layer.dims[1], layer.dims[0]] : layer.dims;
    if (k < MIN_K) return skippedLayer(node, text(`K=${k} is below ${MIN_K}: too small for 4-bit blocks`, `K=${k} 小于 ${MIN_K}：太小，不适合 4 位分块`), layer.weight, layer.scope);
    const c = node.input[2];
    const beta = attrFloat(node, 'beta', 1);
    const scaledC = layer.op === 'Gemm' && !!c && beta !== 1;
    const cTensor = scaledC ? visibleConstants(layer.scope).get(c)?.tensor : undefined;
    if (scaledC && !cTensor) return skippedLayer(node, text('Gemm with a computed C and beta ≠ 1 is not handled', '不处理 C 在运行时计算且 beta ≠ 1 的 Gemm'), layer.weight, layer.scope);
    const raw = readFloat32(layer.weight);
    const wT = layer.transB ? raw : transpose2d(raw, k, n); // MatMulNBits wants [N, K]
    const alpha = layer.op === 'Gemm' ? attrFloat(node, 'alpha', 1) : 1;
    const r = quantizeInt4Blocks(wT, n, k, blockSize, symmetric, alpha);
    const base = node.name || node.output[0];
    const add = (t: TensorProto) => (setInitializer(layer.scope.graph, t), t);
    const tensors = [
      add(makeTensor(name(`${layer.weightName}_Q4`), DataType.UINT8, [n, r.kBlocks, blockSize / 2], r.packed)),
      add(makeTensor(name(`${layer.weightName}_scales`), DataType.FLOAT, [n, r.kBlocks], r.scales)),
    ];
    if (r.zeroPoints) tensors.push(add(makeTensor(name(`${layer.weightName}_zero_points`), DataType.UINT8, [n, Math.ceil(r.kBlocks / 2)], r.zeroPoints)));
    let bias = layer.op === 'Gemm' && c ? c : '';
    if (bias && beta !== 1) {
      const t = cTensor!;
      bias = add(makeTensor(name(`${c}_scaled`), DataType.FLOAT, tensorShape(t), readFloat32(t).map((x) => x * beta))).name;
      replaced.push(c);
    }
    const mm = bias ? name(`${base}_MatMulNBits_out`) : node.output[0];
    const nodes = [makeNode({
      opType: 'MatMulNBits', domain: 'com.microsoft', inputs: [node.input[0], ...tensors.map((t) => t.name)], outputs: [mm],
      name: name(`${base}_MatMulNBits`), attributes: { K: k, N: n, bits: 4, block_size: blockSize },
    })];
    if (bias) nodes.push(makeNode({ opType: 'Add', inputs: [mm, bias], outputs: [node.output[0]], name: name(`${base}_bias_Add`) }));
    replaceNode(layer.scope.graph, node, nodes);
    replaced.push(layer.weightName);
    const error = relativeRmse(r.sqErr, r.sqRef);
    const padded = k % blockSize ? r.kBlocks * blockSize : 0;
    const mode = symmetric ? text('symmetric', '对称') : text('asymmetric', '非对称');
    const detail = text(
      `int4 ${mode.en}, block ${blockSize}${padded ? `, K=${k} padded to ${padded}` : ''}`,
      `int4 ${mode.zh}，块大小 ${blockSize}${padded ? `，K=${k} 填充到 ${padded}` : ''}`,
    );
    return changedLayer(layer, tensors, joinText([detail, describeErrors({ weightError: error })]), { weightError: error });
  };

  eachLayer(found.layers, ctx, (l) => same(`int4: ${l.node.name || l.node.output[0]}`), (layer) => layers.push(rewrite(layer)));
  if (layers.some((l) => l.action === 'changed')) ensureOpsetImport(model, 'com.microsoft', 1);
  removeUnusedConstants(graph, replaced);
  return { layers: inGraphOrder(layers, order), warnings };
}

export const int4Transform: Transform<Int4Options> = { meta, apply };
