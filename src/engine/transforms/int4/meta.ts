import type { TransformMeta } from '../types';

export interface Int4Options extends Record<string, string | number> {
  blockSize: number;
  mode: 'symmetric' | 'asymmetric';
  /** Embedding tables (Gather): left float32, or 4-bit rows in GatherBlockQuantized. */
  embeddings: 'float32' | 'int4';
  /**
   * The compute format: the file always holds int4 (what is downloaded and stored); 'int8' / 'fp32' expand the
   * MatMulNBits weights when the model is loaded (engine/compute-format), because MatMulNBits is slow on WASM.
   */
  runAs: 'int4' | 'int8' | 'fp32';
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
    {
      kind: 'select', key: 'embeddings',
      label: { en: 'Embedding tables', zh: '嵌入表' },
      help: {
        en: 'Token tables (Gather) are often a fifth to a third of a Transformer. 4-bit stores their rows in blocks too (ORT’s GatherBlockQuantized): a smaller download. This browser build of ONNX Runtime has no WASM kernel for it, so loading expands the rows to float32 again (memory as before).',
        zh: '词嵌入表（Gather）常占 Transformer 的五分之一到三分之一。选 4 位则其行也按块存储（ORT 的 GatherBlockQuantized），下载更小。此浏览器版 ONNX Runtime 没有它的 WASM 实现，因此加载时会把这些行重新展开为 float32（内存占用不变）。',
      },
      choices: [
        { value: 'float32', label: { en: 'Keep float32', zh: '保持 float32' } },
        { value: 'int4', label: { en: '4-bit rows', zh: '4 位（按行分块）' } },
      ],
    },
    {
      kind: 'select', key: 'runAs',
      label: { en: 'Run as', zh: '运行格式' },
      help: {
        en: 'The file stays int4 (download and storage size). int8 or fp32 expands the 4-bit MatMul weights in the worker when the model is loaded: MatMulNBits is slow on WASM, worst when decoding one token at a time.',
        zh: '文件仍为 int4（下载和存储大小不变）。选 int8 或 fp32 时，在加载模型时于 worker 中展开 4 位 MatMul 权重：MatMulNBits 在 WASM 上很慢，逐个生成 token 时最慢。',
      },
      choices: [
        { value: 'int4', label: { en: 'int4 (MatMulNBits)', zh: 'int4（MatMulNBits 算子）' } },
        { value: 'int8', label: { en: 'int8 (expanded at load)', zh: 'int8（加载时展开）' } },
        { value: 'fp32', label: { en: 'fp32 (expanded at load)', zh: 'fp32（加载时展开）' } },
      ],
    },
  ],
  defaults: { blockSize: 32, mode: 'asymmetric', embeddings: 'float32', runAs: 'int4' },
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
        en: 'Embedding tables (Gather) stay float32 unless “4-bit rows” is chosen under “Embedding tables”.',
        zh: '除非在“嵌入表”中选择“4 位（按行分块）”，嵌入表（Gather）保持 float32。',
      },
    },
    {
      when: 'wasm',
      text: {
        en: 'On WASM, int4 MatMulNBits is usually slower than fp32 (worst for one-token decoding): int4 is a download format there. “int8 (expanded at load)” under “Run as” keeps the int4 download and runs at int8 speed.',
        zh: '在 WASM 上，int4 的 MatMulNBits 通常比 fp32 更慢（逐 token 解码时最慢）：在那里 int4 只是一种下载格式。在“运行格式”中选“int8（加载时展开）”可保留 int4 下载大小，以 int8 的速度运行。',
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
