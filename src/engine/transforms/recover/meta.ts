// Options and user-facing text of recovery fine-tuning.
import type { TransformMeta } from '../types';
import { TRAIN_CAVEATS, TRAIN_DEFAULTS, trainOptionSchemas, type TrainOptions } from '../train-common/options';

export const recoverMeta: TransformMeta<TrainOptions> = {
  id: 'recover',
  label: { en: 'Recover: fine-tune with the fp32 model as teacher', zh: '恢复：以 fp32 模型为教师微调' },
  summary: {
    en: 'Fine-tunes the compressed model on its training data to match the original fp32 model\'s outputs (knowledge distillation, plus the labels where there are any). Pruned weights stay zero and removed channels stay removed; after int8/int4 it trains through simulated quantization and quantizes again, so the size does not change.',
    zh: '在训练数据上微调压缩后的模型，使其输出接近原始 fp32 模型（知识蒸馏，有标签时同时使用标签）。已剪枝的权重保持为零，已删除的通道不会恢复；在 int8/int4 之后则通过模拟量化训练并重新量化，因此大小不变。',
  },
  options: trainOptionSchemas(5000),
  defaults: { ...TRAIN_DEFAULTS, steps: 500 },
  trains: true,
  caveats: [
    ...TRAIN_CAVEATS,
    {
      when: 'always',
      text: {
        en: 'Put it after pruning, low-rank or quantization: it recovers what those steps broke. Quantization steps right before it are re-applied after training (quantization-aware recovery).',
        zh: '请放在剪枝、低秩分解或量化之后：它恢复这些步骤造成的损失。紧挨在它之前的量化步骤会在训练后重新执行（量化感知恢复）。',
      },
    },
  ],
};
