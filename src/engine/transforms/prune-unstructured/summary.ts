// The overall lines shown above the per-layer table (translated, unlike layer details).
import type { Text } from '../../i18n-text';
import type { LayerReport } from '../types';
import { pct } from '../prune-common/format';
import type { UnstructuredOptions } from './meta';

export function summaryWarnings(reports: LayerReport[], options: UnstructuredOptions): Text[] {
  if (reports.length === 0) {
    return [{ en: 'No Conv, Gemm or MatMul weights found: nothing was pruned.', zh: '未找到 Conv、Gemm 或 MatMul 权重：没有进行剪枝。' }];
  }
  const total = reports.reduce((n, r) => n + r.paramsBefore, 0);
  const zeros = reports.reduce((n, r) => n + (r.paramsBefore - r.paramsAfter), 0);
  const overall = pct(zeros / total);
  const lines: Text[] = [{
    en: `${zeros} of ${total} weights are zero (${overall}) in ${reports.length} weight tensors.`,
    zh: `${reports.length} 个权重张量中共 ${zeros} / ${total} 个权重为零（${overall}）。`,
  }];
  if (options.method === 'mean-abs') {
    const rates = reports.map((r) => r.sparsity ?? 0);
    const lo = pct(Math.min(...rates));
    const hi = pct(Math.max(...rates));
    lines.push({
      en: `Mean |w| rule: the rate option is ignored; it zeroed ${overall} overall (per layer ${lo} to ${hi}).`,
      zh: `均值规则：忽略比例选项；实际共置零 ${overall}（各层 ${lo} 至 ${hi}）。`,
    });
  }
  return lines;
}
