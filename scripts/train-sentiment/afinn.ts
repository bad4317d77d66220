// The lexicon baseline: the `sentiment` npm package (AFINN-165 word list + emoji) on the same sentences.
// Its score is the sum of the word valences; a sentence with score 0 (no opinion words, or a perfect balance)
// has no answer, so the tie rule matters and both are reported. The package's own validation script
// (test/benchmark/validate.js) counts a tie as positive; that is our headline rule too.
import { createRequire } from 'node:module';
import { wilson, type Interval } from '../../src/engine/confidence';

interface Analyzer {
  analyze(text: string): { score: number };
}

export interface AfinnResult {
  n: number;
  /** Ties (score 0) counted as positive, the package's own convention. */
  correctTiePositive: number;
  accuracyTiePositive: number;
  ci95: Interval;
  /** Ties counted as negative, for comparison. */
  accuracyTieNegative: number;
  ties: number;
  version: string;
  /** Per sample, ties counted as positive / as negative (for paired comparisons). */
  predictedTiePositive: ('negative' | 'positive')[];
  predictedTieNegative: ('negative' | 'positive')[];
}

/**
 * Exact two-sided McNemar test for two classifiers on the same samples: only the discordant pairs count
 * (b = first right / second wrong, c = the reverse); p = P(|B - n/2| >= |b - n/2|) for B ~ Binomial(b + c, 1/2).
 */
export function mcnemar(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let tail = 0;
  let logTerm = -n * Math.LN2; // log(C(n, 0) / 2^n), in logs so large n cannot underflow
  for (let i = 0; i <= k; i++) {
    tail += Math.exp(logTerm);
    logTerm += Math.log((n - i) / (i + 1));
  }
  return Math.min(1, 2 * tail);
}

export function afinnBaseline(samples: readonly { text: string; label: 'negative' | 'positive' }[]): AfinnResult {
  const require = createRequire(import.meta.url);
  const Sentiment = require('sentiment') as new () => Analyzer;
  const version = (require('sentiment/package.json') as { version: string }).version;
  const analyzer = new Sentiment();
  let tiePos = 0, tieNeg = 0, ties = 0;
  const predictedTiePositive: AfinnResult['predictedTiePositive'] = [];
  const predictedTieNegative: AfinnResult['predictedTieNegative'] = [];
  for (const s of samples) {
    const score = analyzer.analyze(s.text).score;
    if (score === 0) ties++;
    predictedTiePositive.push(score >= 0 ? 'positive' : 'negative');
    predictedTieNegative.push(score > 0 ? 'positive' : 'negative');
    if (predictedTiePositive.at(-1) === s.label) tiePos++;
    if (predictedTieNegative.at(-1) === s.label) tieNeg++;
  }
  const n = samples.length;
  return {
    n, correctTiePositive: tiePos, accuracyTiePositive: tiePos / n, ci95: wilson(tiePos, n),
    accuracyTieNegative: tieNeg / n, ties, version, predictedTiePositive, predictedTieNegative,
  };
}
