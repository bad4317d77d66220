// models/langid/train.json: UDHR paragraphs of the 49 evaluated languages that are not in eval.json (the
// articles after the first 40 paragraphs, and the short paragraphs the eval set skips), unlabelled: language ID
// recovers by distillation from the original network, so it needs text, not answers.
// Each paragraph also yields a few seeded word-window crops (2-21 words; character windows for scripts written
// without spaces): typed inputs are often short, and more distinct n-gram mixes teach the student more of the
// teacher's function than ~1,000 paragraphs alone.
import { mulberry32 } from '../../engine/random';
import type { LabelledSample } from '../types';
import { hasLetters } from './features';

export const LANGID_CROPS_PER_PARAGRAPH = 4;
const CROP_SEED = 5;

export function parseLangIdTrainSet(bytes: Uint8Array): LabelledSample<string>[] {
  let rows: unknown;
  try {
    rows = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`language-id training set: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(rows)) throw new Error('language-id training set: expected a JSON array of {text}');
  const rand = mulberry32(CROP_SEED);
  const out: LabelledSample<string>[] = [];
  rows.forEach((row: unknown, i) => {
    const text = (row as { text?: unknown })?.text;
    if (typeof text !== 'string' || !hasLetters(text)) throw new Error(`language-id training set: paragraph ${i} has no text with letters`);
    out.push({ input: text, label: '' });
    for (let k = 0; k < LANGID_CROPS_PER_PARAGRAPH; k++) {
      const crop = cropOf(text, rand);
      if (hasLetters(crop)) out.push({ input: crop, label: '' });
    }
  });
  return out;
}

function cropOf(text: string, rand: () => number): string {
  const words = text.split(' ');
  if (words.length > 3) {
    const len = 2 + Math.floor(rand() * Math.min(words.length - 1, 20));
    const start = Math.floor(rand() * (words.length - len + 1));
    return words.slice(start, start + len).join(' ');
  }
  const chars = [...text];
  const len = Math.max(2, Math.floor(chars.length * (0.3 + 0.7 * rand())));
  const start = Math.floor(rand() * (chars.length - len + 1));
  return chars.slice(start, start + len).join('');
}
