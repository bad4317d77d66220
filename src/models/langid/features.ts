// lande's input features, reimplemented in plain TS so the browser needs no lande/toygrad code: the text is
// normalised, then each of 620 known character n-grams (120 uni-, 175 bi-, 175 tri-, 150 quadgrams) gets its
// frequency = occurrences / number of n-gram positions of that length. Same float32 values as lande's
// `infer` (tests/unit/langid/features.test.ts compares them bit for bit).
// Like lande, n-grams are over UTF-16 code units (String.slice), not code points: keep it that way, or
// letters outside the BMP would count differently from the network's training.
import { LANDE_NGRAMS } from './ngrams';

const GROUPS = [LANDE_NGRAMS.unigrams, LANDE_NGRAMS.bigrams, LANDE_NGRAMS.trigrams, LANDE_NGRAMS.quadgrams] as const;

export const LANGID_FEATURES = GROUPS.reduce((sum, g) => sum + g.length, 0);

/** Per n-gram length (1..4): n-gram -> feature index, and where that length's block starts. */
const INDEX: Map<string, number>[] = [];
{
  let offset = 0;
  for (const group of GROUPS) {
    INDEX.push(new Map(group.map((gram, i) => [gram, offset + i])));
    offset += group.length;
  }
}

/** lande's getNormalized: hyphens -> space, drop all but letters/marks/whitespace, squeeze runs of
 *  whitespace, lower-case, trim, and pad with one space each side (so word starts/ends form n-grams). */
export function normalizeForLangId(text: string): string {
  return ` ${text.replace(/-+/g, ' ').replace(/[^\p{L}\p{M}\s]/gu, '').replace(/\s{2,}/g, ' ').toLowerCase().trim()} `;
}

/** True when the text has something to identify: after normalisation, not only the padding spaces. */
export function hasLetters(text: string): boolean {
  return normalizeForLangId(text).trim().length > 0;
}

/** Writes the 620 features of `text` into `out` at `offset` (rest of that slice is left as is: pass zeros). */
export function writeLangIdFeatures(text: string, out: Float32Array, offset = 0): void {
  const s = normalizeForLangId(text);
  for (let n = 1; n <= 4; n++) {
    const index = INDEX[n - 1];
    const positions = s.length - n + 1;
    if (positions <= 0) continue;
    const counts = new Map<number, number>();
    for (let i = 0; i < positions; i++) {
      const k = index.get(s.slice(i, i + n));
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // count / positions in double, rounded once to float32 on store: exactly what lande feeds its network.
    for (const [k, c] of counts) out[offset + k] = c / positions;
  }
}

export function langIdFeatures(text: string): Float32Array {
  const out = new Float32Array(LANGID_FEATURES);
  writeLangIdFeatures(text, out);
  return out;
}
