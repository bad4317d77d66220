// The training options recovery fine-tuning and distillation share, as data (the UI renders them), and their
// conversion to the training loop's configuration.
import type { ModelProto } from '../../onnx';
import type { DistillConfig } from '../../train/distill';
import type { Caveat, OptionSchema } from '../types';

export interface TrainOptions extends Record<string, string | number | boolean> {
  budget: 'steps' | 'seconds';
  steps: number;
  seconds: number;
  learningRate: number;
  temperature: number;
  labelledWeight: number;
  batchSize: number;
}

export const TRAIN_DEFAULTS = {
  budget: 'steps' as TrainOptions['budget'], seconds: 30, learningRate: 0, temperature: 2, labelledWeight: 0.3, batchSize: 32,
};

/** The "auto" learning rates (measured on the bundled models: 0.01 recovers the CNN and MLP fastest; it derails the Transformer). */
export const AUTO_LR = { plain: 0.01, transformer: 0.0005 };

export function learningRateFor(o: TrainOptions, student: ModelProto): number {
  if (Number(o.learningRate) > 0) return Number(o.learningRate);
  return student.graph!.node.some((n) => n.opType === 'LayerNormalization') ? AUTO_LR.transformer : AUTO_LR.plain;
}

/** Cap on the steps of a time budget (the schedule plans from the speed of the first steps). */
const TIME_BUDGET_MAX_STEPS = 100_000;
const SEED = 12;
const WEIGHT_DECAY = 1e-4;

export function trainOptionSchemas(maxSteps: number): OptionSchema[] {
  return [
    {
      kind: 'select', key: 'budget', label: { en: 'Budget', zh: '训练预算' },
      help: {
        en: 'Steps: a fixed number of updates, so the same recipe gives the same bytes every time. Seconds: stop after that long on this device (faster machines train more steps, so the bytes differ between machines).',
        zh: '步数：固定的更新次数，同一配方每次得到相同的字节。秒数：在本设备上训练指定时长后停止（更快的机器训练的步数更多，因此不同机器得到的字节不同）。',
      },
      choices: [
        { value: 'steps', label: { en: 'Steps (reproducible)', zh: '步数（可复现）' } },
        { value: 'seconds', label: { en: 'Seconds (this device)', zh: '秒数（本设备）' } },
      ],
    },
    {
      kind: 'number', key: 'steps', label: { en: 'Steps', zh: '步数' }, min: 50, max: maxSteps, step: 50,
      help: { en: 'Optimizer updates, one batch each (used with the step budget).', zh: '优化器更新次数，每次一个批次（用于步数预算）。' },
    },
    {
      kind: 'number', key: 'seconds', label: { en: 'Seconds', zh: '秒数' }, min: 5, max: 300, step: 5, unit: ' s',
      help: { en: 'Training time on this device (used with the seconds budget).', zh: '在本设备上的训练时长（用于秒数预算）。' },
    },
    {
      kind: 'select', key: 'learningRate', label: { en: 'Learning rate', zh: '学习率' },
      help: {
        en: `Peak AdamW learning rate (short warm-up, then cosine decay). Auto: ${AUTO_LR.plain} for CNNs and MLPs, ${AUTO_LR.transformer} for models with LayerNormalization (Transformers), which higher rates throw off. If the loss turns NaN, choose a lower one.`,
        zh: `AdamW 的峰值学习率（短暂预热后余弦衰减）。自动：CNN 和 MLP 用 ${AUTO_LR.plain}，含 LayerNormalization 的模型（Transformer）用 ${AUTO_LR.transformer}，更高的学习率会破坏它们。若损失变为 NaN，请选择更低的值。`,
      },
      choices: [
        { value: 0, label: { en: 'Auto', zh: '自动' } },
        ...[0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1].map((v) => ({ value: v, label: { en: String(v), zh: String(v) } })),
      ],
    },
    {
      kind: 'number', key: 'temperature', label: { en: 'Temperature', zh: '温度' }, min: 1, max: 8, step: 0.5,
      help: { en: 'Softens both models\' outputs before comparing them, so the student also learns how the teacher ranks the wrong classes.', zh: '比较前先软化两个模型的输出，使学生也学到教师如何排列错误类别。' },
    },
    {
      kind: 'number', key: 'labelledWeight', label: { en: 'Labelled weight', zh: '标注损失权重' }, min: 0, max: 1, step: 0.1,
      help: { en: 'Weight of the cross-entropy with the training labels, added to the distillation loss (no effect on unlabelled data).', zh: '与训练标签的交叉熵权重，加在蒸馏损失上（无标签数据时不起作用）。' },
    },
    {
      kind: 'select', key: 'batchSize', label: { en: 'Batch size', zh: '批大小' },
      choices: [16, 32, 64, 128].map((v) => ({ value: v, label: { en: String(v), zh: String(v) } })),
    },
  ];
}

export const TRAIN_CAVEATS: Caveat[] = [
  {
    when: 'no-training-data',
    text: {
      en: 'This model has no training data in ModelLab (only the digits CNN, the sentiment Transformer and language ID ship theirs), so it cannot be trained here. Use the training-free recovery techniques (refit, bias correction, BatchNorm re-estimation) instead.',
      zh: 'ModelLab 中没有此模型的训练数据（只有手写数字 CNN、情感 Transformer 和语种识别模型附带训练数据），因此无法在此训练。请改用免训练的恢复技术（重拟合、偏置校正、BatchNorm 统计重估）。',
    },
  },
  {
    when: 'always',
    text: {
      en: 'Training runs in this pane\'s worker on one CPU thread: watch the loss curve, and cancel to keep the previous variant.',
      zh: '训练在此窗格的 worker 中以单个 CPU 线程运行：可查看损失曲线，取消则保留之前的变体。',
    },
  },
];

export function distillConfig(o: TrainOptions, student: ModelProto): DistillConfig {
  const byTime = o.budget === 'seconds';
  return {
    steps: byTime ? TIME_BUDGET_MAX_STEPS : o.steps, seconds: byTime ? o.seconds : undefined,
    batchSize: Number(o.batchSize), learningRate: learningRateFor(o, student), temperature: o.temperature, labelledWeight: o.labelledWeight,
    weightDecay: WEIGHT_DECAY, seed: SEED,
  };
}
