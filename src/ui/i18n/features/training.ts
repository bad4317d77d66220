// UI strings of recovery fine-tuning and distillation (the training steps): loss curve, held variants.
import { defineMessages } from './define';

export const TRAINING_MESSAGES = defineMessages({
  en: {
    'training.noData': 'needs training data, which this model has not (try training-free recovery: refit, bias correction, BatchNorm re-estimation)',
    'training.title': 'Training',
    'training.live': 'Step {step} of {steps} · loss {loss} · {seconds} s',
    'training.done': '{steps} steps in {seconds} s · loss {start} → {end}',
    'training.curve': 'Training loss by step (lower is closer to the teacher)',
    'training.step': 'step',
    'training.loss': 'loss',
    'training.kept': 'The pane keeps its previous variant (the new recipe did not finish). Change the recipe if needed and press Apply to run it again.',
    'training.lowerRate': 'The loss became NaN: choose a lower learning rate in the training step and press Apply.',
  },
  zh: {
    'training.noData': '需要训练数据，此模型没有（可改用免训练恢复：重拟合、偏置校正、BatchNorm 统计重估）',
    'training.title': '训练',
    'training.live': '第 {step} / {steps} 步 · 损失 {loss} · {seconds} 秒',
    'training.done': '{steps} 步，用时 {seconds} 秒 · 损失 {start} → {end}',
    'training.curve': '各步的训练损失（越低越接近教师模型）',
    'training.step': '步',
    'training.loss': '损失',
    'training.kept': '窗格保留之前的变体（新配方未完成）。如有需要请修改配方，然后点“应用”重新运行。',
    'training.lowerRate': '损失变为 NaN：请在训练步骤中选择更低的学习率，然后点“应用”。',
  },
});
