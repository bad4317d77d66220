import type { TransformMeta } from '../types';

export interface Int8DynamicOptions extends Record<string, string | boolean> {
  granularity: 'per-channel' | 'per-tensor';
  conv: boolean;
}

export const meta: TransformMeta<Int8DynamicOptions> = {
  id: 'int8-dynamic',
  label: { en: 'int8 dynamic', zh: 'int8 动态量化' },
  summary: {
    en: 'Stores MatMul/Gemm (and optionally Conv) weights as int8 and quantizes their inputs at run time, as onnxruntime quantize_dynamic does. About 4× smaller weights; needs no calibration data.',
    zh: '将 MatMul/Gemm（可选 Conv）的权重存为 int8，并在运行时量化其输入，与 onnxruntime 的 quantize_dynamic 相同。权重约缩小 4 倍，无需校准数据。',
  },
  options: [
    {
      kind: 'select', key: 'granularity',
      label: { en: 'Weight scales', zh: '权重缩放粒度' },
      help: {
        en: 'Per channel gives each output channel its own scale: same size, usually lower error.',
        zh: '逐通道为每个输出通道单独设缩放：大小相同，误差通常更小。',
      },
      choices: [
        { value: 'per-channel', label: { en: 'Per channel', zh: '逐通道' } },
        { value: 'per-tensor', label: { en: 'Per tensor', zh: '逐张量' } },
      ],
    },
    {
      kind: 'boolean', key: 'conv',
      label: { en: 'Also quantize convolutions (ConvInteger)', zh: '同时量化卷积（ConvInteger）' },
    },
  ],
  defaults: { granularity: 'per-channel', conv: true },
  caveats: [
    {
      when: 'webgpu',
      text: {
        en: 'WebGPU has no kernels for DynamicQuantizeLinear, MatMulInteger or ConvInteger: they run on the CPU with copies in between, usually slower than the float model.',
        zh: 'WebGPU 没有 DynamicQuantizeLinear、MatMulInteger、ConvInteger 的实现：这些算子回退到 CPU 执行并来回拷贝，通常比浮点模型更慢。',
      },
    },
    {
      when: 'has-conv',
      text: {
        en: 'ONNX Runtime recommends static (calibrated) quantization for CNNs; ConvInteger can be slower than the float Conv.',
        zh: 'ONNX Runtime 建议 CNN 使用静态（校准）量化；ConvInteger 可能比浮点卷积更慢。',
      },
    },
  ],
};
