// The UCI sentences from the `sentiment` package and the seeded, stratified split behind models/sentiment/eval.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeEvalSet, loadSentences, SOURCES, stratifiedSplit } from '../../../scripts/train-sentiment/data';

const { sentences, report } = loadSentences();

describe('sentiment data', () => {
  it('loads the 3,000 labelled sentences minus empty rows and exact duplicates', () => {
    expect(report).toEqual({ raw: 3003, dropped: 3, duplicates: 21 });
    expect(sentences.length).toBe(3000 - 21);
    expect(new Set(sentences.map((s) => s.text.toLowerCase())).size).toBe(sentences.length);
    expect(sentences.some((s) => /[\u0080-\u009f]/.test(s.text))).toBe(false);
  });

  it('splits every source x label group 80/20, disjoint and reproducibly', () => {
    const a = stratifiedSplit(sentences, 0.2, 1);
    const b = stratifiedSplit(sentences, 0.2, 1);
    expect(a).toEqual(b);
    expect(a.kept.length + a.held.length).toBe(sentences.length);
    const kept = new Set(a.kept.map((s) => s.text));
    expect(a.held.some((s) => kept.has(s.text))).toBe(false);
    for (const source of SOURCES) {
      for (const label of [0, 1]) {
        const all = sentences.filter((s) => s.source === source && s.label === label).length;
        expect(a.held.filter((s) => s.source === source && s.label === label).length).toBe(Math.round(all * 0.2));
      }
    }
    expect(stratifiedSplit(sentences, 0.2, 2).held).not.toEqual(a.held);
  });

  it('models/sentiment/eval.json is exactly the held-out split of the training script (seed 1)', () => {
    const { held } = stratifiedSplit(sentences, 0.2, 1);
    expect(readFileSync('models/sentiment/eval.json', 'utf8')).toBe(encodeEvalSet(held));
  });
});
