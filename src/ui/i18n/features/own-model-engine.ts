// Strings of issue 13's engine part: measured caveats next to a pane's recipe (NaN/Inf weights found when the model
// was opened), gzip sizes that arrive after the variant, layers inside subgraphs, and the sensitivity fallback.
import { defineMessages } from './define';

export const ownModelEngine = defineMessages({
  en: {
    'engine.gzipPending': 'gzip: measuring…',
    'engine.nonFinite': 'Tensor "{name}"{where} holds {nan} NaN and {inf} infinite values. Outputs that depend on it can be NaN, compressed or not; every technique leaves it as it is. Fix the weights where the model was exported.',
    'engine.nonFiniteMore': '{count} more tensors hold NaN or infinite values (listed in each step’s layer report).',
    'engine.inGraph': ' (in {graph})',
    'engine.sensDominated': 'Keeping {layers} as they are measured {metric} {mixed}, no better than {all} with every layer compressed, and is no smaller ({mixedSize} vs {allSize} gzip): the suggestion is to compress every layer.',
  },
  zh: {
    'engine.gzipPending': 'gzip：测量中…',
    'engine.nonFinite': '张量 “{name}”{where} 含 {nan} 个 NaN 和 {inf} 个无穷大值。依赖它的输出无论是否压缩都可能为 NaN；所有技术都不会改动它。请在导出模型处修正权重。',
    'engine.nonFiniteMore': '另有 {count} 个张量含 NaN 或无穷大值（见各步骤的逐层报告）。',
    'engine.inGraph': '（位于 {graph}）',
    'engine.sensDominated': '保留 {layers} 不压缩时实测 {metric} 为 {mixed}，并不优于压缩全部层的 {all}，且体积也不更小（gzip {mixedSize} 对 {allSize}）：因此建议压缩全部层。',
  },
});
