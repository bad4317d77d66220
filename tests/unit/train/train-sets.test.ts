// The committed training sets: never the eval sets (compared by content), small enough to ship, and read into
// batches exactly as the adapters build them for inference.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digitsAdapter } from '../../../src/models/digits/adapter';
import { parseDigitEvalSet } from '../../../src/models/digits/eval-set';
import { parseDigitTrainSet } from '../../../src/models/digits/train-set';
import { langidAdapter } from '../../../src/models/langid/adapter';
import { createSentimentAdapter } from '../../../src/models/sentiment/create-adapter';
import { trainingSetOf } from '../../../src/models/training-set';

const read = (p: string) => new Uint8Array(readFileSync(p));
const FILES = ['models/digits/train.bin', 'models/sentiment/train.json', 'models/langid/train.json'];
const sentiment = createSentimentAdapter(JSON.parse(readFileSync('models/sentiment/tokenizer.json', 'utf8')) as object);

describe('training sets', () => {
  it('ship in at most 5 MB for the three models together', () => {
    const total = FILES.reduce((n, f) => n + statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it('digits: 8,000 labelled digits, none of them pixel-identical to one of the 2,000 eval digits', () => {
    const train = parseDigitTrainSet(read('models/digits/train.bin'));
    const evalSet = parseDigitEvalSet(read('models/digits/eval.bin'));
    const hashes = (set: typeof train) => new Set(Array.from({ length: set.n }, (_, i) => createHash('sha1').update(set.pixels.subarray(i * 784, (i + 1) * 784)).digest('hex')));
    const t = hashes(train), e = hashes(evalSet);
    expect(train.n).toBe(8000);
    expect(new Set(train.labels).size).toBe(10);
    expect([...e].filter((h) => t.has(h))).toEqual([]);
  });

  it('digits: a damaged file says so', () => {
    const bytes = read('models/digits/train.bin');
    expect(() => parseDigitTrainSet(bytes.slice(0, 1000))).toThrow(/digit training set: the compressed data is damaged/);
    expect(() => parseDigitTrainSet(read('models/digits/eval.bin'))).toThrow(/bad magic/);
  });

  it('sentiment: the training split, no sentence shared with the eval set', () => {
    const train = sentiment.parseTrainSet!(read('models/sentiment/train.json'));
    const evalSet = new Set(sentiment.parseEvalSet(read('models/sentiment/eval.json')).map((s) => s.input.toLowerCase()));
    expect(train.length).toBeGreaterThan(2000);
    expect(train.filter((s) => evalSet.has(s.input.toLowerCase()))).toEqual([]);
  });

  it('language ID: unlabelled UDHR paragraphs that are not in the eval set, nor contain one, plus crops of them', () => {
    const paragraphs = (JSON.parse(readFileSync('models/langid/train.json', 'utf8')) as { text: string }[]).map((r) => r.text);
    const evalTexts = langidAdapter.parseEvalSet(read('models/langid/eval.json')).map((s) => s.input);
    const inEval = new Set(evalTexts);
    expect(paragraphs.length).toBeGreaterThan(900);
    expect(paragraphs.filter((p) => inEval.has(p))).toEqual([]);
    expect(paragraphs.filter((p) => p.length >= 40 && evalTexts.some((e) => e.includes(p) || p.includes(e)))).toEqual([]);
    const samples = langidAdapter.parseTrainSet!(read('models/langid/train.json'));
    expect(samples.every((s) => s.label === '')).toBe(true);
    expect(samples.length).toBeGreaterThan(4 * paragraphs.length);
    expect(samples.every((s) => paragraphs.some((p) => p.includes(s.input)) || [...s.input].every((c) => paragraphs.some((p) => p.includes(c))))).toBe(true);
  });

  it('batches equal what the adapter builds for the same inputs (stacked for fixed shapes, padded by the adapter for sentences)', () => {
    const digits = digitsAdapter.parseTrainSet!(read('models/digits/train.bin')).slice(0, 40);
    const d = trainingSetOf(digitsAdapter, digits, [...'0123456789'], { en: '', zh: '' });
    const pick = [5, 0, 39, 12];
    expect(d.feeds(pick)).toEqual(digitsAdapter.toFeeds(pick.map((i) => digits[i].input)));
    expect(Array.from(pick, (i) => d.labels[i])).toEqual(pick.map((i) => Number(digits[i].label)));
    expect(d.sizes).toBeUndefined();
    const texts = langidAdapter.parseTrainSet!(read('models/langid/train.json')).slice(0, 40);
    const l = trainingSetOf(langidAdapter, texts, undefined, { en: '', zh: '' });
    expect(l.feeds(pick)).toEqual(langidAdapter.toFeeds(pick.map((i) => texts[i].input)));
    expect(l.labels.every((v) => v === -1)).toBe(true);
    const sentences = sentiment.parseTrainSet!(read('models/sentiment/train.json')).slice(0, 40);
    const s = trainingSetOf(sentiment, sentences, ['negative', 'positive'], { en: '', zh: '' });
    expect(s.feeds(pick)).toEqual(sentiment.toFeeds(pick.map((i) => sentences[i].input)));
    expect(s.sizes![0]).toBe(sentiment.toFeeds([sentences[0].input]).input_ids.data.length);
    expect(() => trainingSetOf(sentiment, [{ input: 'x', label: 'neutral' }], ['negative', 'positive'], { en: '', zh: '' })).toThrow(/label "neutral"/);
  });
});
