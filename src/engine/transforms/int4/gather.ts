// int4 embedding tables: Gather(table [rows, d], ids) with a constant float32 table becomes
// com.microsoft.GatherBlockQuantized over the same 4-bit blocks MatMulNBits uses, one row of the table per "column":
//   data uint8 [rows, d/2] (two values per byte, low nibble first), scales float [rows, d/block],
//   zero_points uint8 [rows, ceil((d/block)/2)] (asymmetric only; 8 when absent), block_size = block, bits = 4.
// In a Transformer the token table is often a fifth to a third of all weights (BERT-base: 23.4 M of 109 M), so
// leaving it in float32 caps what int4 can save.
import { DataType, attrInt, makeNode, makeTensor, readFloat32, replaceNode, setInitializer, tensorShape, type GraphProto, type NodeProto, type TensorProto } from '../../onnx';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import type { TransformContext } from '../types';
import { relativeRmse } from '../quant/math';
import { changedLayer, describeErrors, skippedLayer, text, type QuantLayerReport } from '../quant/report';
import { joinText, type Text } from '../../i18n-text';
import { quantizeInt4Blocks } from './pack';

export interface GatherRewrite {
  layers: QuantLayerReport[];
  /** Tables the rewritten nodes no longer read (removed afterwards if nothing else reads them). */
  replaced: string[];
}

/** Rewrites every eligible Gather of `graph`; `constants` maps names to constant tensors (initializers). */
export function quantizeGathers(graph: GraphProto, constants: ReadonlyMap<string, TensorProto>, blockSize: number, symmetric: boolean, ctx: TransformContext, name: (base: string) => string): GatherRewrite {
  const out: GatherRewrite = { layers: [], replaced: [] };
  const gathers = graph.node.filter((n) => n.opType === 'Gather' && (!n.domain || n.domain === 'ai.onnx') && constants.get(n.input[0])?.dataType === DataType.FLOAT);
  for (const node of gathers) {
    ctx.checkCancelled?.();
    const table = constants.get(node.input[0])!;
    const dims = tensorShape(table);
    const skip = (reason: Text) => out.layers.push(skippedLayer(node, reason, table));
    if (isExcluded(node, ctx.exclude)) { skip(EXCLUDED_DETAIL); continue; }
    if (dims.length !== 2) { skip(text(`table has rank ${dims.length}; only 2-D embedding tables are handled`, `表的秩为 ${dims.length}；只处理二维嵌入表`)); continue; }
    if (attrInt(node, 'axis', 0) !== 0) { skip(text('Gather along axis 1 is not an embedding lookup', '沿轴 1 的 Gather 不是嵌入查找')); continue; }
    const [rows, d] = dims;
    if (d % blockSize) { skip(text(`row length ${d} is not a multiple of the block size ${blockSize}`, `行长度 ${d} 不是块大小 ${blockSize} 的倍数`)); continue; }
    out.layers.push(rewrite(graph, node, table, rows, d, blockSize, symmetric, name));
    out.replaced.push(table.name);
  }
  return out;
}

function rewrite(graph: GraphProto, node: NodeProto, table: TensorProto, rows: number, d: number, blockSize: number, symmetric: boolean, name: (base: string) => string): QuantLayerReport {
  // Each table row plays the part of one MatMulNBits column: blocks run along the row.
  const r = quantizeInt4Blocks(readFloat32(table), rows, d, blockSize, symmetric);
  const add = (t: TensorProto) => (setInitializer(graph, t), t);
  const tensors = [
    add(makeTensor(name(`${table.name}_Q4_rows`), DataType.UINT8, [rows, d / 2], r.packed)),
    add(makeTensor(name(`${table.name}_row_scales`), DataType.FLOAT, [rows, r.kBlocks], r.scales)),
  ];
  if (r.zeroPoints) tensors.push(add(makeTensor(name(`${table.name}_row_zero_points`), DataType.UINT8, [rows, Math.ceil(r.kBlocks / 2)], r.zeroPoints)));
  const base = node.name || node.output[0];
  replaceNode(graph, node, [makeNode({
    opType: 'GatherBlockQuantized', domain: 'com.microsoft',
    inputs: [tensors[0].name, node.input[1], ...tensors.slice(1).map((t) => t.name)], outputs: [node.output[0]],
    name: name(`${base}_GatherBlockQuantized`), attributes: { gather_axis: 0, quantize_axis: 1, block_size: blockSize, bits: 4 },
  })]);
  const error = relativeRmse(r.sqErr, r.sqRef);
  return changedLayer({ node, weight: table, scope: { graph, label: '' } }, tensors, joinText([text(`int4 embedding rows (GatherBlockQuantized), block ${blockSize}`, `int4 嵌入行（GatherBlockQuantized），块大小 ${blockSize}`), describeErrors({ weightError: error })]), { weightError: error });
}
