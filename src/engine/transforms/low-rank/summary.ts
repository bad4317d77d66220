// The translated lines shown above the per-layer table.
import type { Text } from '../../i18n-text';
import type { LayerReport } from '../types';

export function lowRankSummary(layers: LayerReport[]): Text[] {
  if (layers.length === 0) {
    return [{ en: 'No MatMul or Gemm with a constant weight: nothing was factorized.', zh: '没有带常量权重的 MatMul 或 Gemm：没有进行分解。' }];
  }
  const changed = layers.filter((l) => l.action === 'changed');
  const before = changed.reduce((n, l) => n + l.paramsBefore, 0);
  const after = changed.reduce((n, l) => n + l.paramsAfter, 0);
  if (changed.length === 0) {
    return [{
      en: `None of the ${layers.length} MatMul/Gemm layers was factorized: at this setting none would save parameters.`,
      zh: `${layers.length} 个 MatMul/Gemm 层都没有分解：在此设置下都无法减少参数。`,
    }];
  }
  return [{
    en: `Factorized ${changed.length} of ${layers.length} MatMul/Gemm layers; their parameters went from ${before} to ${after}.`,
    zh: `分解了 ${layers.length} 个 MatMul/Gemm 层中的 ${changed.length} 个；其参数从 ${before} 减少到 ${after}。`,
  }];
}
