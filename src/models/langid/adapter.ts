// Language identification (lande t50 port): input `features` [N,620] float32 (character n-gram frequencies,
// see features.ts), output `logits` [N,50]; the shared classifier decoder turns logits into probabilities.
import { decodeClassifier } from '../classifier-decode';
import type { LabelledSample, ModelAdapter } from '../types';
import { LANGID_FEATURES, hasLetters, writeLangIdFeatures } from './features';
import { LANGID_LABELS, isLangIdLabel } from './labels';
import { parseLangIdTrainSet } from './train-set';

export class LangIdInputError extends Error {
  override name = 'LangIdInputError';
}

/** Texts are raw strings; every one must contain at least one letter (lande ignores digits and punctuation). */
export const langidAdapter: ModelAdapter<string> = {
  metric: 'accuracy',
  batchSize: 64,
  toFeeds(texts) {
    const data = new Float32Array(texts.length * LANGID_FEATURES);
    texts.forEach((text, i) => {
      // Without letters the features are just the padding space: the network would still name a language,
      // confidently and meaninglessly. Say so instead.
      if (!hasLetters(text)) {
        const which = texts.length > 1 ? ` (text ${i + 1} of ${texts.length})` : '';
        throw new LangIdInputError(`There are no letters to identify a language from${which}: type a sentence or a few words. Digits, punctuation and emoji are ignored.`);
      }
      writeLangIdFeatures(text, data, i * LANGID_FEATURES);
    });
    return { features: { type: 'float32', dims: [texts.length, LANGID_FEATURES], data } };
  },
  decode: (outputs, count) => decodeClassifier(outputs, count, LANGID_LABELS),
  parseEvalSet: parseLangIdEvalSet,
  parseTrainSet: parseLangIdTrainSet,
};

/** models/langid/eval.json: a JSON array of {text, label} (extra fields, e.g. the udhr file, are ignored). */
export function parseLangIdEvalSet(bytes: Uint8Array): LabelledSample<string>[] {
  let rows: unknown;
  try {
    rows = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`language-id eval set: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(rows)) throw new Error('language-id eval set: expected a JSON array of {text, label}');
  return rows.map((row: unknown, i) => {
    const { text, label } = (row ?? {}) as { text?: unknown; label?: unknown };
    if (typeof text !== 'string' || !hasLetters(text)) throw new Error(`language-id eval set: sample ${i} has no text with letters`);
    if (typeof label !== 'string' || !isLangIdLabel(label)) {
      throw new Error(`language-id eval set: sample ${i} has label ${JSON.stringify(label)}, not one of the model's 50 ISO 639-3 codes`);
    }
    return { input: text, label };
  });
}
