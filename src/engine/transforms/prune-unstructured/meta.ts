// Options and user-facing text of unstructured (magnitude) pruning.
import type { TransformMeta } from '../types';

export interface UnstructuredOptions extends Record<string, string | number | boolean> {
  method: 'magnitude' | 'mean-abs';
  /** Percent of the weights to zero (method "magnitude"). */
  rate: number;
  scope: 'layer' | 'global';
}

export const unstructuredMeta: TransformMeta<UnstructuredOptions> = {
  id: 'prune-unstructured',
  label: { en: 'Unstructured pruning', zh: '非结构化剪枝' },
  summary: {
    en: 'Sets the smallest-magnitude weights of Conv, Gemm and MatMul layers to zero. The model keeps its shape; zeros compress well, so the download shrinks.',
    zh: '把 Conv、Gemm、MatMul 层中绝对值最小的权重置零。模型结构不变；零值易于压缩，因此下载体积变小。',
  },
  options: [
    {
      kind: 'select', key: 'method', label: { en: 'Rule', zh: '规则' },
      help: {
        en: 'Magnitude: zero exactly the chosen share of weights. Mean |w|: zero every weight below its layer\'s mean absolute value (the textbook rule); it ignores the rate and the report shows the share it really zeroed.',
        zh: '按比例：恰好置零所选比例的权重。均值规则：把低于该层平均绝对值的权重全部置零（教科书规则）；忽略比例，报告中显示实际置零比例。',
      },
      choices: [
        { value: 'magnitude', label: { en: 'Magnitude at a rate', zh: '按比例（幅值）' } },
        { value: 'mean-abs', label: { en: 'Below the layer mean |w|', zh: '低于层平均 |w|' } },
      ],
    },
    {
      kind: 'number', key: 'rate', label: { en: 'Rate', zh: '比例' }, min: 0, max: 95, step: 1, unit: '%',
      visibleWhen: { key: 'method', values: ['magnitude'] },
      help: { en: 'Share of the weights set to zero.', zh: '被置零的权重所占比例。' },
    },
    {
      kind: 'select', key: 'scope', label: { en: 'Threshold', zh: '阈值范围' },
      visibleWhen: { key: 'method', values: ['magnitude'] },
      help: {
        en: 'Per layer: every layer loses the same share. Global: one threshold for all layers, so layers with small weights lose more.',
        zh: '逐层：每层置零相同比例。全局：所有层共用一个阈值，权重较小的层被剪得更多。',
      },
      choices: [
        { value: 'layer', label: { en: 'Per layer', zh: '逐层' } },
        { value: 'global', label: { en: 'Global', zh: '全局' } },
      ],
    },
  ],
  defaults: { method: 'magnitude', rate: 50, scope: 'layer' },
  caveats: [
    {
      when: 'always',
      text: {
        en: 'ONNX Runtime has no sparse kernels in the browser: zeroed weights are still stored and multiplied. Latency and file size stay the same; only the gzip (download) size shrinks.',
        zh: '浏览器中的 ONNX Runtime 没有稀疏算子：置零的权重仍会被存储和计算。延迟和文件大小不变，只有 gzip（下载）体积变小。',
      },
    },
    {
      when: 'always',
      text: {
        en: 'No fine-tuning happens here: accuracy can drop sharply at high rates. Check the measured results.',
        zh: '这里不做微调：比例较高时精度可能明显下降，请查看实测结果。',
      },
    },
  ],
};
