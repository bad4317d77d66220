// Options and user-facing text of low-rank factorization.
import type { TransformMeta } from '../types';

export interface LowRankOptions extends Record<string, string | number | boolean> {
  mode: 'energy' | 'rank';
  /** Percent of the spectral energy (Σσ²) to keep (mode "energy"). */
  energy: number;
  /** Rank as a percent of the full rank min(m, n) (mode "rank"). */
  rank: number;
}

export const lowRankMeta: TransformMeta<LowRankOptions> = {
  id: 'low-rank',
  label: { en: 'Low-rank factorization', zh: '低秩分解' },
  summary: {
    en: 'Replaces each MatMul/Gemm weight W (m×n) by two thinner matrices A (m×r) and B (r×n) from a truncated SVD. It saves parameters and compute when r is well below m·n/(m+n).',
    zh: '用截断 SVD 得到的两个较窄矩阵 A（m×r）和 B（r×n）替换每个 MatMul/Gemm 权重 W（m×n）。当 r 明显小于 m·n/(m+n) 时可减少参数和计算量。',
  },
  options: [
    {
      kind: 'select', key: 'mode', label: { en: 'Choose the rank by', zh: '秩的选择方式' },
      choices: [
        { value: 'energy', label: { en: 'Energy kept', zh: '保留能量' } },
        { value: 'rank', label: { en: 'Rank fraction', zh: '秩比例' } },
      ],
    },
    {
      kind: 'number', key: 'energy', label: { en: 'Energy kept', zh: '保留能量' }, min: 50, max: 100, step: 0.5, unit: '%',
      visibleWhen: { key: 'mode', values: ['energy'] },
      help: { en: 'Smallest rank whose singular values keep this share of Σσ² (the squared Frobenius norm).', zh: '取能保留该比例 Σσ²（Frobenius 范数平方）的最小秩。' },
    },
    {
      kind: 'number', key: 'rank', label: { en: 'Rank', zh: '秩' }, min: 1, max: 100, step: 1, unit: '%',
      visibleWhen: { key: 'mode', values: ['rank'] },
      help: { en: 'Rank as a share of the full rank min(m, n).', zh: '秩占满秩 min(m, n) 的比例。' },
    },
  ],
  defaults: { mode: 'energy', energy: 90, rank: 25 },
  caveats: [
    {
      when: 'always',
      text: {
        en: 'A layer is left as is when its rank r gives no saving (r·(m+n) ≥ m·n); trained layers often need a high rank for high energy.',
        zh: '当秩 r 无法节省参数（r·(m+n) ≥ m·n）时该层保持不变；训练好的层要保留高能量往往需要较高的秩。',
      },
    },
    {
      when: 'always',
      text: {
        en: 'No fine-tuning happens here: accuracy depends on the energy kept. Check the measured results.',
        zh: '这里不做微调：精度取决于保留的能量，请查看实测结果。',
      },
    },
    {
      when: 'no-matmul',
      text: { en: 'This model has no MatMul or Gemm with a constant weight: there is nothing to factorize.', zh: '该模型没有带常量权重的 MatMul 或 Gemm：没有可分解的层。' },
    },
    {
      when: 'has-conv',
      text: { en: 'Conv layers are not factorized.', zh: '不分解 Conv 层。' },
    },
  ],
};
