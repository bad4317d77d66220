// Whole-photo OCR with PP-OCRv4, pure TS over three stage models (any runner: ORT sessions in the worker, or
// Node): detection (DB) -> optional angle classifier (0° / 180°) -> crop and rectify each line -> recognition
// (CTC), batched where it does not change any input -> reading order. Mirrors PaddleOCR's TextSystem
// (tools/infer/predict_system.py) with its default thresholds.
import type { OpenModel, PlainTensor } from '../../engine/tensor-data';
import { decodeOcr } from '../ocr/adapter';
import { batchWidth, rgbaToGray, toRecTensor, writeRecInput, REC_HEIGHT, type GrayImage } from '../ocr/preprocess';
import { boxesFromMap, DB_DEFAULTS, type DbOptions, type DetectedBox, type ProbabilityMap } from './db-postprocess';
import { growQuad, type Quad } from './geometry';
import { cropQuad, rotate180, toDetInput, type RgbaImage } from './image';
import { readingOrder } from './reading-order';

export type StageId = 'det' | 'cls' | 'rec';
export const STAGES: readonly StageId[] = ['det', 'cls', 'rec'];

export type PhotoOcrModels = Record<StageId, OpenModel>;

export interface PhotoOcrOptions {
  /** Run the angle classifier and turn lines it reads as upside down (PaddleOCR use_angle_cls). */
  useCls: boolean;
  db: DbOptions;
  /** Longest side of the detector's input (det_limit_side_len, limit type "max"). */
  detLimitSide: number;
  /** Turn a line only when the classifier says 180° with at least this probability (cls_thresh). */
  clsThresh: number;
  /** Lines recognised with a lower mean character probability are dropped (drop_score). */
  dropScore: number;
  /** Lines per recognition / classification run (rec_batch_num, cls_batch_num). */
  batch: number;
  /** Each line's crop grows by this share of its height on every side before it is read (0 = PaddleOCR's crop). */
  cropMargin: number;
}

export const PHOTO_OCR_DEFAULTS: PhotoOcrOptions = { useCls: true, db: DB_DEFAULTS, detLimitSide: 960, clsThresh: 0.9, dropScore: 0.5, batch: 6, cropMargin: 0.2 };

export interface RecognizedLine {
  quad: Quad;
  text: string;
  /** Mean probability of the recognised characters. */
  confidence: number;
  detScore: number;
  /** The classifier turned this line 180°. */
  flipped: boolean;
  /** Below dropScore: not part of the text (still drawn, greyed). */
  dropped: boolean;
  /** Visual row (lines of one row share it), in reading order. */
  row: number;
}

export interface StageTimes {
  det: number;
  cls: number;
  rec: number;
  /** End to end, including cropping and ordering. */
  total: number;
}

export interface PhotoOcrResult {
  /** Every detected line, in reading order. */
  lines: RecognizedLine[];
  /** The kept lines' text, one row per line (lines of one row joined by a space). */
  text: string;
  ms: StageTimes;
  /** Size of the probability map the detector produced (after its own resize). */
  detSize: [number, number];
  /** The detector's probability map (stays in the worker: evaluation compares it with fp32's). */
  map?: ProbabilityMap;
}

export const CLS_WIDTH = 192;

/** `charset`: buildCharset(ppocr_keys_v1.txt). */
export async function recognizePhoto(photo: RgbaImage, models: PhotoOcrModels, charset: readonly string[], options: PhotoOcrOptions = PHOTO_OCR_DEFAULTS): Promise<PhotoOcrResult> {
  const t0 = performance.now();
  const boxes = await detect(photo, models.det, options);
  const tDet = performance.now();
  const { order, row } = readingOrder(boxes.boxes.map((b) => b.quad));
  const gray = rgbaToGray(photo.data, photo.width, photo.height);
  const ordered = order.map((i) => boxes.boxes[i]);
  let crops = ordered.map((b) => cropQuad(gray, growQuad(b.quad, options.cropMargin)));
  const tCrop = performance.now();
  const flipped = options.useCls ? await classify(crops, models.cls, options) : crops.map(() => false);
  crops = crops.map((c, i) => (flipped[i] ? rotate180(c) : c));
  const tCls = performance.now();
  const read = await recognize(crops, models.rec, charset, options.batch);
  const tRec = performance.now();
  const lines = ordered.map((b, k): RecognizedLine => ({
    quad: b.quad, detScore: b.score, text: read[k].label, confidence: read[k].confidence,
    flipped: flipped[k], dropped: read[k].confidence < options.dropScore || !read[k].label, row: row[order[k]],
  }));
  return { lines, text: joinRows(lines), ms: { det: tDet - t0, cls: tCls - tCrop, rec: tRec - tCls, total: performance.now() - t0 }, detSize: [boxes.map.width, boxes.map.height], map: boxes.map };
}

export async function detect(photo: RgbaImage, det: OpenModel, options: Pick<PhotoOcrOptions, 'db' | 'detLimitSide'> = PHOTO_OCR_DEFAULTS): Promise<{ boxes: DetectedBox[]; map: ProbabilityMap }> {
  const input = toDetInput(photo, options.detLimitSide);
  const out = firstOutput(await det.run({ [det.inputNames[0] ?? 'x']: { type: 'float32', dims: input.dims, data: input.data } }), 'detection');
  const [, , h, w] = out.dims;
  if (out.dims.length !== 4 || h !== input.mapHeight || w !== input.mapWidth) throw new Error(`Text detection: expected a [1, 1, ${input.mapHeight}, ${input.mapWidth}] map, got [${out.dims.join(', ')}]`);
  const map = { width: w, height: h, data: out.data as Float32Array };
  return { boxes: boxesFromMap(map, photo.width, photo.height, options.db), map };
}

/** Which crops the classifier reads as upside down (PaddleOCR: label "180" with probability > clsThresh). */
async function classify(crops: GrayImage[], cls: OpenModel, options: PhotoOcrOptions): Promise<boolean[]> {
  const out: boolean[] = [];
  const plane = 3 * REC_HEIGHT * CLS_WIDTH;
  for (let i = 0; i < crops.length; i += options.batch) {
    const batch = crops.slice(i, i + options.batch);
    const data = new Float32Array(batch.length * plane);
    batch.forEach((c, n) => writeRecInput(c, data.subarray(n * plane, (n + 1) * plane), CLS_WIDTH));
    const probs = firstOutput(await cls.run({ [cls.inputNames[0] ?? 'x']: { type: 'float32', dims: [batch.length, 3, REC_HEIGHT, CLS_WIDTH], data } }), 'angle classification');
    if (probs.dims.join() !== `${batch.length},2`) throw new Error(`Angle classification: expected [${batch.length}, 2] probabilities, got [${probs.dims.join(', ')}]`);
    const p = probs.data as Float32Array;
    batch.forEach((_, n) => out.push(p[2 * n + 1] > p[2 * n] && p[2 * n + 1] > options.clsThresh));
  }
  return out;
}

/**
 * Recognition in batches of lines that share a tensor width: every line narrower than 320 px (at height 48) is
 * padded to 320 anyway, so batching them changes no input; wider lines run alone, as in the line model's eval.
 */
async function recognize(crops: GrayImage[], rec: OpenModel, charset: readonly string[], batch: number): Promise<{ label: string; confidence: number }[]> {
  const out = new Array<{ label: string; confidence: number }>(crops.length);
  const groups = new Map<number, number[]>();
  crops.forEach((c, i) => {
    const w = batchWidth([c]);
    groups.set(w, [...(groups.get(w) ?? []), i]);
  });
  for (const indices of groups.values()) {
    for (let i = 0; i < indices.length; i += batch) {
      const chunk = indices.slice(i, i + batch);
      const { data, dims } = toRecTensor(chunk.map((k) => crops[k]));
      const outputs = await rec.run({ [rec.inputNames[0] ?? 'x']: { type: 'float32', dims, data } });
      decodeOcr(outputs, chunk.length, charset).forEach((p, n) => (out[chunk[n]] = { label: p.label, confidence: p.confidence }));
    }
  }
  return out;
}

function firstOutput(outputs: Record<string, PlainTensor>, what: string): PlainTensor {
  const out = Object.values(outputs)[0];
  if (!out || out.type !== 'float32') throw new Error(`${what}: expected a float32 output, got ${out ? out.type : 'none'}`);
  return out;
}

function joinRows(lines: RecognizedLine[]): string {
  const rows: string[][] = [];
  for (const l of lines) if (!l.dropped) (rows[l.row] ??= []).push(l.text);
  return rows.filter(Boolean).map((r) => r.join(' ')).join('\n');
}
