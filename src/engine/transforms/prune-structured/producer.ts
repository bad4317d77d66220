// Where a plan starts: the layer whose output channels (Conv) or output features (Gemm/MatMul columns) go.
import { attrInt, tensorShape, type NodeProto } from '../../onnx';
import type { ConstantStore } from '../prune-common/constants';
import { refuse, type Edit, type Tag } from './plan';
import { text } from '../../i18n-text';

export interface Start {
  tag: Tag;
  weightInput: number;
  outAxis: number;
  channels: number;
  edits: Edit[];
  /** A Gemm's C input: checked like any broadcast constant once the tracer runs. */
  gemmBias?: number;
}

export function startAt(node: NodeProto, weightInput: number, store: ConstantStore): Start {
  const weight = store.get(node.input[weightInput]);
  if (!weight) refuse(text('weights are not a constant', '权重不是常量'));
  const dims = tensorShape(weight);
  switch (node.opType) {
    case 'Conv': {
      if (attrInt(node, 'group', 1) !== 1) refuse(text('grouped or depthwise conv: its output channels are tied to its input channels', '分组或深度卷积：其输出通道与输入通道绑定'));
      const edits: Edit[] = [{ kind: 'slice', node, input: 1, axis: 0, flat: false }];
      if (node.input[2]) {
        if (!store.get(node.input[2])) refuse(text('bias is computed at run time', '偏置在运行时计算'));
        edits.push({ kind: 'slice', node, input: 2, axis: 0, flat: false });
      }
      return { tag: { axis: 1 - dims.length, rank: dims.length, flat: false }, weightInput: 1, outAxis: 0, channels: dims[0], edits };
    }
    case 'Gemm': {
      if (dims.length !== 2) refuse(text('Gemm weight is not 2-D', 'Gemm 权重不是二维的'));
      const outAxis = attrInt(node, 'transB', 0) ? 0 : 1;
      if (node.input[2] && !store.get(node.input[2])) refuse(text('bias is computed at run time', '偏置在运行时计算'));
      return {
        tag: { axis: -1, rank: 2, flat: false }, weightInput: 1, outAxis, channels: dims[outAxis],
        edits: [{ kind: 'slice', node, input: 1, axis: outAxis, flat: false }], gemmBias: node.input[2] ? 2 : undefined,
      };
    }
    case 'MatMul': {
      if (weightInput !== 1) refuse(text('the constant is the first MatMul input (output rows are not prunable)', '常量是 MatMul 的第一个输入（输出行不可剪枝）'));
      if (dims.length !== 2) refuse(text(`MatMul weight has rank ${dims.length}, not 2`, `MatMul 权重的秩为 ${dims.length}，不是 2`));
      return { tag: { axis: -1, flat: false }, weightInput: 1, outAxis: 1, channels: dims[1], edits: [{ kind: 'slice', node, input: 1, axis: 1, flat: false }] };
    }
    default:
      return refuse(text(`${node.opType} outputs are not pruned (only its inputs follow upstream pruning)`, `不剪枝 ${node.opType} 的输出（只有其输入随上游剪枝变化）`));
  }
}
