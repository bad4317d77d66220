import type { TransformMeta } from '../types';

export type Fp16Options = Record<string, never>;

export const meta: TransformMeta<Fp16Options> = {
  id: 'fp16',
  label: { en: 'float16', zh: 'float16 半精度' },
  summary: {
    en: 'Converts weights and computation to 16-bit floats, keeping float32 inputs and outputs (Casts at the boundaries). Halves the weight size; float16 keeps about 3 significant digits.',
    zh: '将权重和计算转为 16 位浮点，输入输出保持 float32（在边界插入 Cast）。权重大小减半；float16 约保留 3 位有效数字。',
  },
  options: [],
  defaults: {},
  caveats: [
    {
      when: 'wasm',
      text: {
        en: 'On CPU (WASM), ONNX Runtime computes float16 ops in float32 internally: the file is half the size, but inference is not faster.',
        zh: '在 CPU（WASM）上，ONNX Runtime 内部仍用 float32 计算 float16 算子：文件大小减半，但推理不会更快。',
      },
    },
    {
      when: 'webgpu',
      text: {
        en: 'On WebGPU, float16 needs the adapter feature "shader-f16"; without it the model cannot run on the GPU.',
        zh: '在 WebGPU 上，float16 需要适配器支持 “shader-f16” 特性；不支持时模型无法在 GPU 上运行。',
      },
    },
    {
      when: 'always',
      text: {
        en: 'Ops that are risky in float16 (Resize, TopK, Range, NonMaxSuppression, random generators…) and shape arithmetic stay float32, with Casts around them.',
        zh: '在 float16 下有风险的算子（Resize、TopK、Range、NonMaxSuppression、随机数生成等）以及形状计算保持 float32，并在其前后插入 Cast。',
      },
    },
  ],
};
