// Options and user-facing text of distillation into a smaller student.
import type { TransformMeta } from '../types';
import { TRAIN_CAVEATS, TRAIN_DEFAULTS, trainOptionSchemas, type TrainOptions } from '../train-common/options';

export interface DistillOptions extends TrainOptions {
  /** Percent of each prunable layer's channels the student keeps. */
  width: number;
  /** Residual (Transformer) layers the student keeps; 0 keeps them all. */
  layers: number;
}

export const distillMeta: TransformMeta<DistillOptions> = {
  id: 'distill',
  label: { en: 'Distill into a smaller student', zh: '蒸馏为更小的学生模型' },
  summary: {
    en: 'Builds a narrower (fewer channels and neurons) and, for Transformers, shallower student of the same family, starts it from the teacher\'s strongest channels, and trains it in this pane\'s worker to reproduce the fp32 model\'s outputs. The student is an ordinary model: later steps (int8, int4...) apply to it.',
    zh: '构建同类但更窄（更少通道和神经元）、对 Transformer 还可更浅的学生模型，以教师模型中最强的通道初始化，并在此窗格的 worker 中训练它复现 fp32 模型的输出。学生是普通模型：之后的步骤（int8、int4 等）同样适用。',
  },
  options: [
    {
      kind: 'number', key: 'width', label: { en: 'Width kept', zh: '保留宽度' }, min: 25, max: 75, step: 5, unit: '%',
      help: { en: 'Share of each layer\'s channels/neurons the student keeps (×0.25–×0.75), chosen by weight norm; layers whose channels meet a residual path keep their width.', zh: '学生保留的每层通道/神经元比例（×0.25–×0.75），按权重范数选择；通道与残差路径相连的层保持原宽度。' },
    },
    {
      kind: 'number', key: 'layers', label: { en: 'Transformer layers kept (0 = all)', zh: '保留的 Transformer 层数（0 = 全部）' }, min: 0, max: 12, step: 1,
      help: { en: 'Drops residual layers, keeping this many, evenly spaced. Models without residual layers (CNN, MLP) keep their depth.', zh: '删除残差层，保留指定数量（均匀分布）。没有残差层的模型（CNN、MLP）深度不变。' },
    },
    ...trainOptionSchemas(10000),
  ],
  defaults: { width: 50, layers: 0, ...TRAIN_DEFAULTS, steps: 1500 },
  trains: true,
  caveats: TRAIN_CAVEATS,
};
