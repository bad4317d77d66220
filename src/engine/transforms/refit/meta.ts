// Options and user-facing text of the least-squares refit after structured pruning.
import type { TransformMeta } from '../types';

export interface RefitOptions extends Record<string, string | number | boolean> {
  /** Ridge strength, relative to the layer's mean input energy (see layer-fit/solve.ts). */
  lambda: number;
  /** At most this many calibration samples (a Conv layer needs far fewer: it gets a row per output position). */
  samples: number;
  /** Which layers: those that lost inputs, or every layer from the first of those on. */
  scope: 'pruned' | 'after';
}

export const refitMeta: TransformMeta<RefitOptions> = {
  id: 'refit',
  label: { en: 'Least-squares refit (after structured pruning)', zh: '最小二乘重拟合（结构化剪枝之后）' },
  summary: {
    en: 'Training-free recovery: each layer whose inputs were pruned gets new weights, solved in closed form (ridge least squares) so that on calibration samples its output matches the same layer of the unpruned model as closely as possible. Layers are refit in order, each on the activations of the already refit layers before it.',
    zh: '免训练恢复：对输入被剪掉的每一层，用闭式解（岭回归最小二乘）重新求解权重，使其在校准样本上的输出尽量接近未剪枝模型中同一层的输出。按顺序逐层重拟合，每层使用前面已重拟合层的激活。',
  },
  options: [
    {
      kind: 'select', key: 'lambda', label: { en: 'Ridge λ', zh: '岭参数 λ' },
      help: {
        en: 'Pulls the new weights toward the pruned ones, relative to the mean input energy. Larger is safer with few samples; smaller fits the calibration samples more closely.',
        zh: '让新权重向剪枝后的权重收缩（相对于平均输入能量）。样本少时取大更稳妥；取小则更贴合校准样本。',
      },
      choices: [0.0001, 0.001, 0.01, 0.1, 1].map((v) => ({ value: v, label: { en: String(v), zh: String(v) } })),
    },
    {
      kind: 'number', key: 'samples', label: { en: 'Calibration samples (at most)', zh: '校准样本数（上限）' }, min: 16, max: 1024, step: 16,
      help: {
        en: 'Gemm/MatMul layers get one row per sample and use up to this many; convolutions get a row per output position and stop once they have enough rows.',
        zh: 'Gemm/MatMul 层每个样本提供一行，最多使用这么多样本；卷积层每个输出位置提供一行，行数足够即停止。',
      },
    },
    {
      kind: 'select', key: 'scope', label: { en: 'Layers', zh: '重拟合的层' },
      help: {
        en: 'Only the layers that lost inputs, or also every layer after the first of them: their inputs drift too, and refitting them pulls the whole network back toward the reference.',
        zh: '只重拟合失去输入的层，或者从其中第一层起的所有后续层：它们的输入同样发生了偏移，一并重拟合可使整个网络更接近参照模型。',
      },
      choices: [
        { value: 'pruned', label: { en: 'Layers that lost inputs', zh: '失去输入的层' } },
        { value: 'after', label: { en: 'All layers from the first pruned one', zh: '从第一个剪枝层起的所有层' } },
      ],
    },
  ],
  defaults: { lambda: 0.01, samples: 256, scope: 'pruned' },
  calibration: { samplesOption: 'samples' },
  repairs: true,
  caveats: [
    {
      when: 'always',
      text: {
        en: 'Put it right after "Structured pruning": it refits the layers that lost inputs, using the model before that step as the reference. Without a structured pruning step before it, there is nothing to refit.',
        zh: '请紧跟在“结构化剪枝”之后：它以剪枝前的模型为参照，重拟合失去输入的层。前面没有结构化剪枝步骤时，没有可重拟合的层。',
      },
    },
    {
      when: 'always',
      text: {
        en: 'It is fitted on eval samples taken evenly from the set, which are also scored: the report says how many. Output errors in the report are measured on those calibration samples.',
        zh: '它在从评估集中均匀选取的样本上拟合，这些样本也参与评分：报告中写明数量。报告里的输出误差是在这些校准样本上测得的。',
      },
    },
  ],
};
