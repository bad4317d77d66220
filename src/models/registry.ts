// Every model the playground ships. Adding a model = a folder under models/<id>/ (weights, eval set, card),
// a folder under src/models/<id>/ (entry + adapter), and one line here.
import { digitsEntry } from './digits/entry';
import { langidEntry } from './langid/entry';
import { ocrRecEntry } from './ocr/entry';
import { sentimentEntry } from './sentiment/entry';
import { photoOcrEntry } from './photo-ocr/entry';
import type { AnyModelEntry, ModelEntry } from './types';

export const MODELS: AnyModelEntry[] = [
  digitsEntry as ModelEntry,
  sentimentEntry as ModelEntry,
  langidEntry as ModelEntry,
  ocrRecEntry as ModelEntry,
  photoOcrEntry,
];

export function getModel(id: string): AnyModelEntry {
  const m = MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`Unknown model "${id}". Valid models: ${MODELS.map((x) => x.id).join(', ')}.`);
  return m;
}

export type { AnyModelEntry, ModelEntry };
