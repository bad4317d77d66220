import type { TransformMeta } from '../types';

export interface Int4Options extends Record<string, string | number> {
  blockSize: number;
  mode: 'symmetric' | 'asymmetric';
}

export const meta: TransformMeta<Int4Options> = {
  id: 'int4',
  label: { en: 'int4 weight-only', zh: 'int4 仅权重量化' },
  summary: {
    en: 'Stores MatMul/Gemm weights as 4-bit blocks, each with its own scale, in ORT’s MatMulNBits operator; activations stay float. MatMul weights become about 6–7.5× smaller; a common format for transformer and LLM weights.',
    zh: '将 MatMul/Gemm 的权重按块存为 4 位，每块有自己的缩放，使用 ORT 的 MatMulNBits 算子；激活仍为浮点。MatMul 权重约缩小 6–7.5 倍；是 Transformer 和大模型权重的常用格式。',
  },
  options: [
    {
      kind: 'select', key: 'blockSize',
      label: { en: 'Block size', zh: '块大小' },
      help: {
        en: 'Weights along K that share one scale. Smaller blocks: lower error, slightly larger file.',
        zh: '沿 K 方向共享一个缩放的权重个数。块越小误差越低，文件略大。',
      },
      choices: [32, 64, 128].map((v) => ({ value: v, label: { en: String(v), zh: String(v) } })),
    },
    {
      kind: 'select', key: 'mode',
      label: { en: 'Zero point', zh: '零点' },
      choices: [
        { value: 'asymmetric', label: { en: 'Asymmetric (zero point per block)', zh: '非对称（每块一个零点）' } },
        { value: 'symmetric', label: { en: 'Symmetric (no zero point)', zh: '对称（无零点）' } },
      ],
    },
  ],
  defaults: { blockSize: 32, mode: 'asymmetric' },
  caveats: [
    {
      when: 'no-matmul',
      text: {
        en: 'int4 (MatMulNBits) only covers MatMul/Gemm weights: it does not shrink convolutions, so a CNN stays almost the same size.',
        zh: 'int4（MatMulNBits）只覆盖 MatMul/Gemm 权重：不会压缩卷积，因此 CNN 的大小几乎不变。',
      },
    },
    {
      when: 'always',
      text: {
        en: 'Embedding tables (Gather) are not quantized here; ORT’s GatherBlockQuantized would be needed for them.',
        zh: '此处不量化嵌入表（Gather）；它们需要 ORT 的 GatherBlockQuantized。',
      },
    },
    {
      when: 'always',
      text: {
        en: 'MatMulNBits is an ONNX Runtime contrib operator (com.microsoft): the result runs in ONNX Runtime, not in every ONNX runtime.',
        zh: 'MatMulNBits 是 ONNX Runtime 的扩展算子（com.microsoft）：结果只能在 ONNX Runtime 中运行，不适用于所有 ONNX 运行时。',
      },
    },
  ],
};
