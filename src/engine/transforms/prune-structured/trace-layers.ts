// The layers a traced channel can end in (or pass through): convs, Gemm/MatMul, and flatten-like Reshapes.
import { readIntegers, attrInt, tensorShape, type NodeProto } from '../../onnx';
import { channelFirst, refuse, type Tag } from './plan';
import type { Tracer } from './trace';
import { text } from '../../i18n-text';

/** Conv/ConvTranspose reading the channels: their input-channel weights shrink; a depthwise conv passes them on. */
export function followConv(t: Tracer, node: NodeProto, name: string, tag: Tag, where: string): void {
  if (node.input[0] !== name || node.input.indexOf(name, 1) > 0) refuse(text(`"${name}" is a weight or bias of ${where}`, `"${name}" 是 ${where} 的权重或偏置`));
  const w = t.store.get(node.input[1]);
  if (!w) refuse(text(`${where} has weights computed at run time`, `${where} 的权重在运行时计算`));
  const dims = tensorShape(w);
  if (!channelFirst(tag) || tag.flat || tag.rank !== dims.length) refuse(text(`${where} needs channels on axis 1`, `${where} 要求通道在第 1 轴`));
  const group = attrInt(node, 'group', 1);
  if (node.opType === 'ConvTranspose') {
    if (group !== 1) refuse(text(`grouped ${where}`, `分组的 ${where}`));
    t.expectSize(dims[0], false, where);
    t.edits.push({ kind: 'slice', node, input: 1, axis: 0, flat: false });
    t.terminals.push(node);
    return;
  }
  if (group === 1) {
    t.expectSize(dims[1], false, where);
    t.edits.push({ kind: 'slice', node, input: 1, axis: 1, flat: false });
    t.terminals.push(node);
    return;
  }
  // Depthwise (one filter per channel): channel c in -> channel c out, so the channels pass through it.
  if (group !== t.channels || dims[0] !== t.channels || dims[1] !== 1) refuse(text(`feeds grouped ${where} (group ${group})`, `输入到分组的 ${where}（group ${group}）`));
  t.edits.push({ kind: 'slice', node, input: 1, axis: 0, flat: false }, { kind: 'group', node });
  if (node.input[2]) t.paramEdit(node, 2, where);
  t.terminals.push(node);
  t.pass(node, tag);
}

/** Gemm/MatMul reading the channels as features: the matching weight rows shrink. */
export function followMatMul(t: Tracer, node: NodeProto, name: string, tag: Tag, where: string): void {
  if (node.input[0] !== name || node.input.indexOf(name, 1) > 0) refuse(text(`"${name}" is not the data input of ${where}`, `"${name}" 不是 ${where} 的数据输入`));
  if (tag.axis !== -1 || (tag.rank !== undefined && node.opType === 'Gemm' && tag.rank !== 2)) refuse(text(`${where} does not read channels as features`, `${where} 没有把通道作为特征读取`));
  if (node.opType === 'Gemm' && attrInt(node, 'transA', 0)) refuse(text(`${where} transposes its input`, `${where} 会转置其输入`));
  const w = t.store.get(node.input[1]);
  if (!w || w.dims.length !== 2) refuse(text(`${where} has no constant 2-D weight`, `${where} 没有常量二维权重`));
  const axis = node.opType === 'Gemm' && attrInt(node, 'transB', 0) ? 1 : 0;
  t.expectSize(tensorShape(w)[axis], tag.flat, where);
  t.edits.push({ kind: 'slice', node, input: 1, axis, flat: tag.flat });
  t.terminals.push(node);
}

/** Only the flatten-like Reshape [batch, features] of an NC... tensor is followed. */
export function followReshape(t: Tracer, node: NodeProto, name: string, tag: Tag, where: string): void {
  if (node.input[0] !== name) refuse(text(`"${name}" is the shape input of ${where}`, `"${name}" 是 ${where} 的形状输入`));
  const shapeTensor = t.store.get(node.input[1]);
  if (!shapeTensor) refuse(text(`${where} takes a shape computed at run time`, `${where} 的形状在运行时计算`));
  const s = readIntegers(shapeTensor);
  const keepsBatch = s[0] === -1 || s[0] > 0 || (s[0] === 0 && attrInt(node, 'allowzero', 0) === 0);
  if (s.length !== 2 || !channelFirst(tag) || !keepsBatch || (s[0] === -1 && s[1] === -1) || (s[1] < 1 && s[1] !== -1)) {
    refuse(text(`${where} reshapes to [${s}], not [batch, features]`, `${where} 变形为 [${s}]，而不是 [batch, features]`));
  }
  const flat = tag.flat || tag.rank! > 2;
  if (s[1] !== -1) {
    t.expectSize(s[1], flat, where);
    t.edits.push({ kind: 'reshape', node, pos: 1 });
  }
  t.pass(node, { axis: -1, rank: 2, flat });
}
