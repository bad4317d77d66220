// The photo OCR model as the lab runs it (StagedAdapter): the pipeline over the three stage sessions, its eval
// set, agreement with the fp32 stages (their per-photo results cached, as they never change), and calibration
// inputs for each stage made from the committed photos (detector: whole photos; angle classifier and recognizer:
// the ground-truth line crops, cut as the pipeline cuts them).
import type { Feeds } from '../../engine/tensor-data';
import { buildCharset } from '../ocr/ctc';
import { rgbaToGray, toRecTensor, writeRecInput, REC_HEIGHT } from '../ocr/preprocess';
import type { Prediction, StagedAdapter, StagedEvalOptions } from '../types';
import { parsePhotoEvalSet, type PhotoSample } from './eval-set';
import { coarseMap, evaluatePhotos, type ReferencePhoto } from './evaluate';
import { growQuad } from './geometry';
import { cropQuad, toDetInput, type RgbaImage } from './image';
import { decodeJpeg } from './jpeg';
import { CLS_WIDTH, PHOTO_OCR_DEFAULTS, recognizePhoto, type PhotoOcrModels, type RecognizedLine, type StageTimes } from './pipeline';

export interface PhotoOcrPrediction extends Prediction {
  /** Every detected line in reading order (dropped ones included, flagged). */
  lines: Omit<RecognizedLine, 'detScore'>[];
  photo: { width: number; height: number };
  detSize: [number, number];
  /** This run's time per stage and end to end (total), ms. */
  stageMs: StageTimes;
}

export const isPhotoOcrPrediction = (p: Prediction | undefined): p is PhotoOcrPrediction => !!p && 'lines' in p;

/** Calibration inputs per stage: a few whole photos for the detector (large inputs), more line crops. */
const CALIBRATION = { det: 8, lines: 32 };

export function createPhotoOcrAdapter(dictText: string): StagedAdapter<RgbaImage> {
  const charset = buildCharset(dictText, true);
  const references = new WeakMap<object, Map<number, ReferencePhoto>>();
  const photos = (samples: unknown[]) => samples as PhotoSample[];
  return {
    parseEvalSet: (bytes) => parsePhotoEvalSet(bytes),
    evalSize: (samples) => samples.length,
    sampleInput: (samples) => decodeJpeg(photos(samples)[0].jpeg),
    async predict(input, stages) {
      const r = await recognizePhoto(input, stages as PhotoOcrModels, charset);
      const prediction: PhotoOcrPrediction = {
        label: r.text, photo: { width: input.width, height: input.height }, detSize: r.detSize, stageMs: r.ms,
        lines: r.lines.map(({ quad, text, confidence, flipped, dropped, row }) => ({ quad, text, confidence, flipped, dropped, row })),
      };
      return { prediction, stageMs: { ...r.ms } };
    },
    evaluate(stages, samples, options: StagedEvalOptions) {
      const ref = options.reference;
      let cache = ref && references.get(ref);
      if (ref && !cache) references.set(ref, (cache = new Map()));
      return evaluatePhotos(photos(samples), (s) => decodeJpeg(s.jpeg), (photo) => recognizePhoto(photo, stages as PhotoOcrModels, charset), {
        limit: options.limit, onProgress: options.onProgress,
        reference: ref && (async (i, photo) => {
          let hit = cache!.get(i);
          if (!hit) {
            const r = await recognizePhoto(photo, ref as PhotoOcrModels, charset);
            cache!.set(i, (hit = { text: r.text, grid: coarseMap(r.map!) }));
          }
          return hit;
        }),
      });
    },
    calibration(stage, samples) {
      const set = photos(samples);
      if (stage === 'det') return set.slice(0, CALIBRATION.det).map((s) => {
        const d = toDetInput(decodeJpeg(s.jpeg), PHOTO_OCR_DEFAULTS.detLimitSide);
        return { x: { type: 'float32', dims: d.dims, data: d.data } };
      });
      const crops = [];
      for (const s of set) {
        if (crops.length >= CALIBRATION.lines) break;
        const photo = decodeJpeg(s.jpeg);
        const gray = rgbaToGray(photo.data, photo.width, photo.height);
        for (const l of s.lines.slice(0, 3)) crops.push(cropQuad(gray, growQuad(l.quad, PHOTO_OCR_DEFAULTS.cropMargin)));
      }
      return crops.slice(0, CALIBRATION.lines).map((c): Feeds => {
        if (stage === 'rec') {
          const t = toRecTensor([c]);
          return { x: { type: 'float32', dims: t.dims, data: t.data } };
        }
        const data = new Float32Array(3 * REC_HEIGHT * CLS_WIDTH);
        writeRecInput(c, data, CLS_WIDTH);
        return { x: { type: 'float32', dims: [1, 3, REC_HEIGHT, CLS_WIDTH], data } };
      });
    },
  };
}

