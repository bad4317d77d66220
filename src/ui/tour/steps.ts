// The guided tour for workshops, as data: each step names the model and both panes' recipes and backends, and
// says in two languages what to look at and why. Texts describe what to measure, never the result: every number
// people see comes from their own Measure press. Recipes are checked against the techniques' schemas in tests.
import type { Text } from '../../engine/i18n-text';
import { getTransform } from '../../engine/transforms';
import { resolveOptions } from '../../engine/transforms/options';
import type { PaneSettings } from '../state/pane.svelte';

export interface TourStep {
  id: string;
  model: string;
  title: Text;
  body: Text;
  panes: [PaneSettings, PaneSettings];
}

const WASM = { backend: 'wasm' } as const;
const fp32: PaneSettings = { recipe: [], choice: WASM };

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'baseline',
    model: 'digits-cnn',
    title: { en: 'Baseline: the same model twice', zh: '基线：同一个模型运行两次' },
    body: {
      en: 'Both panes run the original float32 model on WASM. Press Measure in each pane, one after the other (they share the CPU): size and accuracy are identical, and the latency difference is run-to-run noise. Any later difference smaller than that noise means nothing.',
      zh: '两侧都在 WASM 上运行原始 float32 模型。依次在每一侧点击“测量”（两侧共用 CPU）：体积和准确率完全相同，延迟的差异只是运行间的噪声。之后任何小于这个噪声的差异都没有意义。',
    },
    panes: [fp32, fp32],
  },
  {
    id: 'fp16',
    model: 'digits-cnn',
    title: { en: 'float16: half the size', zh: 'float16：体积减半' },
    body: {
      en: 'The right pane stores weights and computes in 16-bit floats. Look at the size: about half. On CPU (WASM), ONNX Runtime computes float16 in float32 internally, so do not expect it to be faster. Accuracy should barely move: float16 keeps about 3 significant digits.',
      zh: '右侧用 16 位浮点存储权重并计算。看体积：大约减半。在 CPU（WASM）上，ONNX Runtime 内部仍用 float32 计算 float16，所以不要指望它更快。准确率应几乎不变：float16 约保留 3 位有效数字。',
    },
    panes: [fp32, { recipe: [{ transform: 'fp16', options: {} }], choice: WASM }],
  },
  {
    id: 'int8-granularity',
    model: 'digits-cnn',
    title: { en: 'int8: one scale per tensor or per channel', zh: 'int8：逐张量还是逐通道缩放' },
    body: {
      en: 'Both panes store Conv/MatMul/Gemm weights as int8 with static (QDQ) quantization, about 4× smaller than float32. Left: one scale for each whole weight tensor; right: one scale per output channel, so channels with small weights keep their precision. Compare accuracy and agreement with fp32: some CNNs lose much of their accuracy per tensor, while small networks often survive both. On a model this small, the extra quantize/dequantize steps can make int8 slower, not faster.',
      zh: '两侧都用静态（QDQ）量化把 Conv/MatMul/Gemm 权重存为 int8，比 float32 小约 4 倍。左侧整个权重张量共用一个缩放；右侧每个输出通道一个缩放，权重较小的通道也能保留精度。对比准确率和与 fp32 的一致性：有些 CNN 逐张量量化会损失大量精度，小网络往往两种都能承受。在这么小的模型上，额外的量化/反量化步骤可能让 int8 更慢而不是更快。',
    },
    panes: [
      { recipe: [{ transform: 'int8-qdq', options: { granularity: 'per-tensor' } }], choice: WASM },
      { recipe: [{ transform: 'int8-qdq', options: { granularity: 'per-channel' } }], choice: WASM },
    ],
  },
  {
    id: 'pruning',
    model: 'digits-cnn',
    title: { en: 'Pruning: zeros or removed channels', zh: '剪枝：置零还是删除通道' },
    body: {
      en: 'Left zeroes the smallest 50% of each layer’s weights (unstructured): raw size and latency stay the same and only the gzip size shrinks, because ONNX Runtime has no sparse kernels in the browser. Right removes 50% of each layer’s channels (structured): the file really shrinks and there is less to compute. Nothing is fine-tuned here, so watch the accuracy drop; real projects retrain after pruning to recover it.',
      zh: '左侧把每层最小的 50% 权重置零（非结构化）：原始体积和延迟不变，只有 gzip 体积变小，因为浏览器中的 ONNX Runtime 没有稀疏算子。右侧删除每层 50% 的通道（结构化）：文件真正变小，计算量也更少。这里不做微调，请注意准确率的下降；实际项目会在剪枝后重新训练来恢复。',
    },
    panes: [
      { recipe: [{ transform: 'prune-unstructured', options: { rate: 50 } }], choice: WASM },
      { recipe: [{ transform: 'prune-structured', options: { rate: 50 } }], choice: WASM },
    ],
  },
  {
    id: 'combine',
    model: 'digits-cnn',
    title: { en: 'Combine: prune, then quantize', zh: '组合：先剪枝，再量化' },
    body: {
      en: 'Techniques stack: the right pane first removes 10% of the channels, then quantizes to int8 (QDQ, per channel); the left pane is the float32 original. Compare size and accuracy with each technique alone in the earlier steps. The rate is low on purpose: without fine-tuning, higher pruning rates cost much more accuracy. Try other rates with the slider, then press Apply.',
      zh: '技术可以叠加：右侧先删除 10% 的通道，再量化为 int8（QDQ，逐通道）；左侧是原始 float32 模型。把体积和准确率与前几步单独使用每种技术的结果对比。这里特意选了较低的剪枝比例：不做微调时，比例越高，准确率损失越大。可以用滑块尝试其他比例，然后点击“应用”。',
    },
    panes: [
      fp32,
      {
        recipe: [
          { transform: 'prune-structured', options: { rate: 10 } },
          { transform: 'int8-qdq', options: { granularity: 'per-channel' } },
        ],
        choice: WASM,
      },
    ],
  },
];

/**
 * Fresh copies of a step's pane settings with every option resolved (panes mutate their recipes, and the
 * recipe editor and permalink then show each option explicitly). Throws on a recipe its technique rejects.
 */
export function stepSettings(step: TourStep): [PaneSettings, PaneSettings] {
  return step.panes.map((p) => ({
    recipe: p.recipe.map((s) => ({ transform: s.transform, options: resolveOptions(getTransform(s.transform).meta, s.options) })),
    choice: { ...p.choice },
  })) as [PaneSettings, PaneSettings];
}
