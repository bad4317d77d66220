import type { TransformMeta } from '../types';

export interface Int8QdqOptions extends Record<string, string | number> {
  granularity: 'per-channel' | 'per-tensor';
  activations: 'int8' | 'int8-symmetric' | 'uint8';
  calibration: 'minmax' | 'percentile';
  percentile: number;
}

export const meta: TransformMeta<Int8QdqOptions> = {
  id: 'int8-qdq',
  label: { en: 'int8 static (QDQ)', zh: 'int8 静态量化（QDQ）' },
  summary: {
    en: 'Stores Conv/MatMul/Gemm weights as int8 and adds QuantizeLinear/DequantizeLinear pairs on their activations, with ranges measured on sample inputs (calibration). About 4× smaller weights; ORT’s recommended int8 format for CNNs.',
    zh: '将 Conv/MatMul/Gemm 的权重存为 int8，并在其激活上插入 QuantizeLinear/DequantizeLinear 对，激活范围由样本输入测得（校准）。权重约缩小 4 倍；是 ORT 推荐的 CNN int8 格式。',
  },
  options: [
    {
      kind: 'select', key: 'granularity',
      label: { en: 'Weight scales', zh: '权重缩放粒度' },
      help: {
        en: 'Per channel: one scale per output channel (Conv axis 0, MatMul/Gemm output axis). Per tensor: one scale for the whole weight; channels with small values lose precision.',
        zh: '逐通道：每个输出通道一个缩放（Conv 为第 0 轴，MatMul/Gemm 为输出轴）。逐张量：整个权重一个缩放，数值小的通道会损失精度。',
      },
      choices: [
        { value: 'per-channel', label: { en: 'Per channel', zh: '逐通道' } },
        { value: 'per-tensor', label: { en: 'Per tensor', zh: '逐张量' } },
      ],
    },
    {
      kind: 'select', key: 'activations',
      label: { en: 'Activations', zh: '激活量化' },
      choices: [
        { value: 'int8', label: { en: 'int8 with zero point (S8S8, ORT default)', zh: 'int8 带零点（S8S8，ORT 默认）' } },
        { value: 'int8-symmetric', label: { en: 'int8 symmetric (zero point 0)', zh: 'int8 对称（零点为 0）' } },
        { value: 'uint8', label: { en: 'uint8 with zero point (U8S8)', zh: 'uint8 带零点（U8S8）' } },
      ],
    },
    {
      kind: 'select', key: 'calibration',
      label: { en: 'Calibration', zh: '校准方法' },
      help: {
        en: 'Min-max keeps every observed value in range; percentile clips rare outliers so typical values get finer steps.',
        zh: '最小-最大值覆盖所有观测值；百分位数裁掉少数离群值，使常见数值的量化步长更细。',
      },
      choices: [
        { value: 'minmax', label: { en: 'Min-max', zh: '最小-最大值' } },
        { value: 'percentile', label: { en: 'Percentile', zh: '百分位数' } },
      ],
    },
    {
      kind: 'number', key: 'percentile',
      label: { en: 'Percentile kept', zh: '保留百分位' },
      help: { en: 'Used by percentile calibration only.', zh: '仅用于百分位数校准。' },
      min: 90, max: 100, step: 0.01, unit: '%',
      visibleWhen: { key: 'calibration', values: ['percentile'] },
    },
  ],
  defaults: { granularity: 'per-channel', activations: 'int8', calibration: 'minmax', percentile: 99.99 },
  caveats: [
    {
      when: 'always',
      text: {
        en: 'Needs calibration samples: a few typical inputs (a built-in model’s eval set; for your own model, the files you add under “Your samples”).',
        zh: '需要校准样本：少量典型输入（内置模型使用其评测集；自定义模型使用你在“你的样本”中添加的文件）。',
      },
    },
    {
      when: 'synthetic-inputs',
      text: {
        en: 'Calibrating on synthetic inputs (random values) can destroy accuracy: activation ranges measured on noise do not fit real data. Add real inputs under “Your samples” first.',
        zh: '在合成输入（随机数）上校准可能严重破坏精度：在噪声上测得的激活范围并不适合真实数据。请先在“你的样本”中添加真实输入。',
      },
    },
    {
      when: 'wasm',
      text: {
        en: 'On CPU, ORT fuses QDQ around Conv/MatMul into integer kernels where the pattern allows; elsewhere it dequantizes and computes in float, so the model is smaller but not always faster.',
        zh: '在 CPU 上，ORT 会在模式允许时将 Conv/MatMul 周围的 QDQ 融合为整数内核；否则先反量化再用浮点计算，因此模型变小但不一定更快。',
      },
    },
  ],
  calibration: { samples: 32 },
};
