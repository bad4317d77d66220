// Options and user-facing text of structured (channel) pruning.
import type { TransformMeta } from '../types';

export interface StructuredOptions extends Record<string, string | number | boolean> {
  /** Percent of each layer's output channels / neurons to remove (at least one always stays). */
  rate: number;
  norm: 'l1' | 'l2';
}

export const structuredMeta: TransformMeta<StructuredOptions> = {
  id: 'prune-structured',
  label: { en: 'Structured pruning (channels)', zh: '结构化剪枝（通道）' },
  summary: {
    en: 'Removes whole output channels of Conv layers and neurons of Gemm/MatMul layers with the smallest weight norm, and the matching inputs of the next layer. The tensors really shrink: the file gets smaller and there is less to compute.',
    zh: '删除权重范数最小的 Conv 输出通道和 Gemm/MatMul 神经元，并删除下一层对应的输入。张量真正变小：文件更小，计算量也更少。',
  },
  options: [
    {
      kind: 'number', key: 'rate', label: { en: 'Channels removed', zh: '删除通道比例' }, min: 0, max: 90, step: 5, unit: '%',
      help: { en: 'Share of each layer\'s channels to remove; every layer keeps at least one.', zh: '每层删除的通道比例；每层至少保留一个通道。' },
    },
    {
      kind: 'select', key: 'norm', label: { en: 'Channel score', zh: '通道评分' },
      help: { en: 'Channels whose weights have the smallest norm go first.', zh: '优先删除权重范数最小的通道。' },
      choices: [
        { value: 'l1', label: { en: 'L1 norm (sum of |w|)', zh: 'L1 范数（|w| 之和）' } },
        { value: 'l2', label: { en: 'L2 norm', zh: 'L2 范数' } },
      ],
    },
  ],
  defaults: { rate: 25, norm: 'l1' },
  caveats: [
    {
      when: 'always',
      text: {
        en: 'Layers whose channels meet another branch (residual Add, Concat), feed a graph output, or pass through unsupported ops are skipped; the report gives the reason for each.',
        zh: '通道与其他分支汇合（残差 Add、Concat）、直接作为模型输出或经过不支持的算子的层会被跳过；报告中列出每层原因。',
      },
    },
    {
      when: 'always',
      text: {
        en: 'No fine-tuning happens here: removed channels take their bias with them, and accuracy can drop sharply. Check the measured results.',
        zh: '这里不做微调：被删除通道的偏置也一并删除，精度可能明显下降，请查看实测结果。',
      },
    },
  ],
};
