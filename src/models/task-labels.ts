// The task tag on each model card, in both languages. Keyed by Task, so a new task without a name fails to compile.
import type { Text } from '../engine/i18n-text';
import type { Task } from './types';

export const TASK_LABELS: Record<Task, Text> = {
  'image-classification': { en: 'image classification', zh: '图像分类' },
  'text-classification': { en: 'text classification', zh: '文本分类' },
  'language-id': { en: 'language identification', zh: '语种识别' },
  ocr: { en: 'text recognition (OCR)', zh: '文字识别（OCR）' },
  'photo-ocr': { en: 'photo OCR', zh: '照片文字识别' },
};
