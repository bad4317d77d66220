import modelUrl from '../../../models/sentiment/model.onnx?url';
import evalUrl from '../../../models/sentiment/eval.json?url';
import trainUrl from '../../../models/sentiment/train.json?url';
import cardUrl from '../../../models/sentiment/MODEL_CARD.md?url';
import type { ModelEntry } from '../types';

export const sentimentEntry: ModelEntry<string> = {
  id: 'sentiment-transformer',
  title: { en: 'Review sentiment (small Transformer)', zh: '评论情感分析（小型 Transformer）' },
  description: {
    en: 'A 2-layer Transformer encoder trained by this project on ~2,400 labelled review sentences (movies, restaurants, products). Type an English sentence: it says whether it sounds negative or positive.',
    zh: '本项目在约 2,400 条带标注的评论句子（电影、餐厅、商品）上训练的两层 Transformer 编码器。输入一句英文，模型判断其情感是负面还是正面。',
  },
  task: 'text-classification',
  inputKind: 'text',
  license: 'MIT',
  source: {
    en: 'Trained by scripts/train-sentiment.ts on UCI Sentiment Labelled Sentences (Kotzias et al. 2015), from the `sentiment` npm package\'s test fixtures',
    zh: '由 scripts/train-sentiment.ts 在 UCI Sentiment Labelled Sentences（Kotzias 等，2015）上训练，数据取自 `sentiment` npm 包的测试样例',
  },
  // Its WordPiece vocabulary and training sentences are English: other scripts become unknown tokens.
  inputChecks: { englishOnly: true },
  modelUrl,
  evalUrl,
  trainUrl,
  cardUrl,
  labels: ['negative', 'positive'],
  demoInputs: [
    'The food was delicious and the staff were friendly.',
    'This phone stopped working after two days.',
    'One of the best films I have seen this year.',
    'The plot was boring and the acting was terrible.',
    'Great battery life, I would buy it again.',
    'I will never go back to this place.',
  ],
  loadAdapter: async () => (await import('./adapter')).sentimentAdapter,
};
