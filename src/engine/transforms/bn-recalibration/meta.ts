// Options and user-facing text of BatchNormalization re-estimation.
import type { TransformMeta } from '../types';

export interface BnOptions extends Record<string, string | number | boolean> {
  samples: number;
}

export const bnMeta: TransformMeta<BnOptions> = {
  id: 'bn-recalibration',
  label: { en: 'BatchNorm re-estimation', zh: 'BatchNorm 统计量重估' },
  summary: {
    en: 'Training-free recovery: pruning or quantizing the layers before a BatchNormalization changes the statistics of what reaches it, while it still normalizes with the old running mean and variance. This recomputes each one\'s mean and variance from calibration samples, in graph order.',
    zh: '免训练恢复：对 BatchNormalization 之前的层剪枝或量化后，到达它的数据统计量变了，而它仍按旧的滑动均值和方差做归一化。此步骤按图中顺序，用校准样本重新计算每个 BatchNormalization 的均值和方差。',
  },
  options: [
    {
      kind: 'number', key: 'samples', label: { en: 'Calibration samples', zh: '校准样本数' }, min: 8, max: 512, step: 8,
      help: { en: 'Every value of these samples counts toward the statistics.', zh: '这些样本的所有数值都计入统计量。' },
    },
  ],
  defaults: { samples: 64 },
  calibration: { samplesOption: 'samples' },
  repairs: true,
  caveats: [
    {
      when: 'always',
      text: {
        en: 'Only models that still contain BatchNormalization nodes benefit; most exported models fold them into the convolution before them (PP-OCR keeps a few).',
        zh: '只有仍含 BatchNormalization 节点的模型才会受益；大多数导出的模型已把它们折叠进前面的卷积（PP-OCR 保留了少数几个）。',
      },
    },
  ],
};
