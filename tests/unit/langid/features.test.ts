import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LangIdInputError, langidAdapter, parseLangIdEvalSet } from '../../../src/models/langid/adapter';
import { LANGID_FEATURES, hasLetters, langIdFeatures, normalizeForLangId } from '../../../src/models/langid/features';
import { LANGID_LABELS, LANGID_NAMES } from '../../../src/models/langid/labels';
import { LANDE_NGRAMS } from '../../../src/models/langid/ngrams';
import { landeFeatures, landeLangs, landeNgrams, landeNormalize } from './lande-reference';

const EDGE_TEXTS = [
  '', ' ', '   \n\t ', '12345 !?', '😀🎉👍', 'Hello 😀 world 🎉',
  'Hello 世界 мир — mixed scripts', 'über-cool --- naïve café, co-operate', 'a\nb\t\tc  d',
  'İSTANBUL ŞEHİR', 'e\u0301te\u0301 cafe\u0301', '𠀀𠀁𠀂 is a rare Han letter outside the BMP', 'ΣΟΦΟΣ σοφός',
  'این جمله به چه زبانی نوشته شده است؟', 'यह वाक्य किस भाषा में लिखा गया है?', 'x',
];

describe('language-id features', () => {
  it("uses lande's n-gram and language lists", () => {
    expect(LANDE_NGRAMS).toEqual(landeNgrams);
    expect([...LANGID_LABELS]).toEqual(landeLangs);
    expect(LANGID_FEATURES).toBe(620);
    expect(Object.keys(LANGID_NAMES)).toEqual([...LANGID_LABELS]);
  });

  it("normalises and counts exactly like lande (edge cases: empty, emoji, mixed scripts, astral letters)", () => {
    for (const text of EDGE_TEXTS) {
      expect(normalizeForLangId(text), JSON.stringify(text)).toBe(landeNormalize(text));
      expect(langIdFeatures(text), JSON.stringify(text)).toEqual(landeFeatures(text));
    }
    // Empty text is defined (only the padding space: unigram " " has frequency 1) but says nothing.
    const empty = langIdFeatures('');
    expect(empty[0]).toBe(1);
    expect(empty.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('gives bit-identical features on every eval paragraph', () => {
    const samples = parseLangIdEvalSet(new Uint8Array(readFileSync('models/langid/eval.json')));
    for (const s of samples) {
      const ours = langIdFeatures(s.input), theirs = landeFeatures(s.input);
      if (!ours.every((v, i) => Object.is(v, theirs[i]))) expect.fail(`features differ for ${JSON.stringify(s.input.slice(0, 60))}`);
    }
  });
});

describe('language-id adapter input checks', () => {
  it('refuses texts without letters with a clear error', () => {
    expect(hasLetters('')).toBe(false);
    expect(hasLetters('😀 123 !!')).toBe(false);
    expect(hasLetters('ok')).toBe(true);
    expect(() => langidAdapter.toFeeds([''])).toThrow(LangIdInputError);
    expect(() => langidAdapter.toFeeds(['😀🎉'])).toThrow(/no letters to identify a language/);
    expect(() => langidAdapter.toFeeds(['Hello there', '12 34'])).toThrow(/text 2 of 2/);
  });

  it('batches features as [N, 620]', () => {
    const feeds = langidAdapter.toFeeds(['Hello there', 'Guten Tag']);
    expect(feeds.features.dims).toEqual([2, 620]);
    expect((feeds.features.data as Float32Array).subarray(620)).toEqual(langIdFeatures('Guten Tag'));
  });

  it('rejects a malformed eval set with a reason', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(() => parseLangIdEvalSet(enc('{oops'))).toThrow(/not valid JSON/);
    expect(() => parseLangIdEvalSet(enc('{}'))).toThrow(/JSON array/);
    expect(() => parseLangIdEvalSet(enc('[{"text":"Hallo","label":"xx"}]'))).toThrow(/sample 0 has label "xx"/);
    expect(() => parseLangIdEvalSet(enc('[{"text":"123","label":"eng"}]'))).toThrow(/sample 0 has no text/);
  });
});
