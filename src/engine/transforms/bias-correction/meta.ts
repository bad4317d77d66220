// Options and user-facing text of bias correction after quantization.
import type { TransformMeta } from '../types';

export interface BiasCorrectionOptions extends Record<string, string | number | boolean> {
  samples: number;
}

export const biasCorrectionMeta: TransformMeta<BiasCorrectionOptions> = {
  id: 'bias-correction',
  label: { en: 'Bias correction (after int8/int4)', zh: '偏置校正（int8/int4 之后）' },
  summary: {
    en: 'Training-free recovery: rounding weights to int8/int4 shifts each layer\'s outputs on average. This runs calibration samples through the quantized model and the float model from before the quantization step, and moves each quantized layer\'s bias by the mean difference, per output channel. Layer by layer, so each one sees the corrected layers before it.',
    zh: '免训练恢复：把权重舍入为 int8/int4 会使每层输出整体偏移。此步骤让校准样本分别通过量化模型和量化前的浮点模型，按输出通道把每个量化层的偏置移动平均差值。逐层进行，每层都基于前面已校正的层。',
  },
  options: [
    {
      kind: 'number', key: 'samples', label: { en: 'Calibration samples (at most)', zh: '校准样本数（上限）' }, min: 16, max: 1024, step: 16,
      help: {
        en: 'Gemm/MatMul layers get one value per sample and channel; convolutions get many per sample and stop once they have enough.',
        zh: 'Gemm/MatMul 层每个样本每个通道提供一个值；卷积层每个样本提供多个值，足够即停止。',
      },
    },
  ],
  defaults: { samples: 128 },
  calibration: { samplesOption: 'samples' },
  repairs: true,
  caveats: [
    {
      when: 'always',
      text: {
        en: 'Put it after an int8 or int4 step: the float model before that step is the reference. A layer without a bias gets one (an Add) where that is valid; next to a QuantizeLinear it is skipped, and the report says why.',
        zh: '请放在 int8 或 int4 步骤之后：以该步骤之前的浮点模型为参照。没有偏置的层在可行时会添加一个（Add 节点）；紧邻 QuantizeLinear 时跳过，报告中说明原因。',
      },
    },
  ],
};
