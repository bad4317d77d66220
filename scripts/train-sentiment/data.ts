// The UCI Sentiment Labelled Sentences (Kotzias et al. 2015) as shipped in the `sentiment` npm package's test
// fixtures, and the deterministic, stratified train / validation / test split.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mulberry32, shuffleInPlace } from '../../src/engine/random';

export const SOURCES = ['imdb', 'yelp', 'amazon'] as const;

/** The test split (train-sentiment and make-train-sets both use it): 20% of each (source, label), seed 1. */
export const SENTIMENT_SPLIT = { seed: 1, testShare: 0.2 } as const;
export type Source = (typeof SOURCES)[number];
export const SENTIMENT_LABELS = ['negative', 'positive'] as const;

export interface Sentence {
  text: string;
  /** 0 negative, 1 positive (the fixtures' `class`). */
  label: 0 | 1;
  source: Source;
}

export interface LoadReport {
  raw: number;
  dropped: number;
  duplicates: number;
}

// Three sentences hold Windows-1252 bytes decoded as C1 controls (U+0085 ellipsis, U+0096 en dash). A BERT
// normaliser deletes control characters, which would glue "is…was" into one word: map them back instead.
const CP1252_FIXES: Record<string, string> = { '\u0085': '…', '\u0096': '–', '\u0097': '—' };

/** All labelled sentences, fixture order (imdb, yelp, amazon), with exact duplicates removed (first kept). */
export function loadSentences(): { sentences: Sentence[]; report: LoadReport } {
  const require = createRequire(import.meta.url);
  const sentences: Sentence[] = [];
  const seen = new Set<string>();
  let raw = 0, dropped = 0, duplicates = 0;
  for (const source of SOURCES) {
    const file = require.resolve(`sentiment/test/fixtures/${source}.json`);
    const rows = JSON.parse(readFileSync(file, 'utf8')) as { text: string; class: number | null }[];
    for (const row of rows) {
      raw++;
      const text = row.text.replace(/[\u0085\u0096\u0097]/g, (c) => CP1252_FIXES[c]).trim();
      // Each file ends with an empty, unlabelled row.
      if (!text || (row.class !== 0 && row.class !== 1)) { dropped++; continue; }
      // Exact repeats ("I love this place.") would otherwise land in train and test at once.
      const key = text.toLowerCase();
      if (seen.has(key)) { duplicates++; continue; }
      seen.add(key);
      sentences.push({ text, label: row.class, source });
    }
  }
  return { sentences, report: { raw, dropped, duplicates } };
}

/**
 * Splits each (source, label) stratum separately: shuffled with mulberry32(seed), the first `share` of it goes
 * to `held`, the rest to `kept`; both parts are then shuffled (same stream), so the result is a pure function of
 * (all, share, seed).
 */
export function stratifiedSplit(all: Sentence[], share: number, seed: number): { kept: Sentence[]; held: Sentence[] } {
  const rng = mulberry32(seed);
  const kept: Sentence[] = [];
  const held: Sentence[] = [];
  for (const source of SOURCES) {
    for (const label of [0, 1] as const) {
      const stratum = all.filter((s) => s.source === source && s.label === label);
      const order = shuffleInPlace(Int32Array.from(stratum.keys()), rng);
      const cut = Math.round(stratum.length * share);
      order.forEach((idx, i) => (i < cut ? held : kept).push(stratum[idx]));
    }
  }
  // Mix the strata, so that the first k samples of either part (evaluate's `limit`) are a fair sample too.
  const mix = (part: Sentence[]) => Array.from(shuffleInPlace(Int32Array.from(part.keys()), rng), (i) => part[i]);
  return { kept: mix(kept), held: mix(held) };
}

/** The eval set file: the held-out test sentences as [{text, label}] with label 'negative' | 'positive'. */
export function encodeEvalSet(test: Sentence[]): string {
  return JSON.stringify(test.map((s) => ({ text: s.text, label: SENTIMENT_LABELS[s.label] })), null, 0);
}
