// The sentiment adapter's input handling: empty text, feeds, eval-set parsing, registry entry.
import { describe, expect, it } from 'vitest';
import { EmptyTextError, parseSentimentEvalSet, sentimentAdapter } from '../../../src/models/sentiment/adapter';
import { sentimentEntry } from '../../../src/models/sentiment/entry';

const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('sentiment adapter', () => {
  it('refuses empty text with a clear message', () => {
    expect(() => sentimentAdapter.toFeeds([''])).toThrow(EmptyTextError);
    expect(() => sentimentAdapter.toFeeds(['   \n'])).toThrow('Type a sentence first: the text is empty.');
    expect(() => sentimentAdapter.toFeeds(['fine', ''])).toThrow('Sentence 2 of 2 is empty');
    expect(() => sentimentAdapter.toFeeds([])).toThrow(EmptyTextError);
  });

  it('builds int64 input_ids / attention_mask [N, L]', () => {
    const feeds = sentimentAdapter.toFeeds(['Loved it!', 'The service was slow and the food was cold.']);
    const L = feeds.input_ids.dims[1];
    expect(feeds.input_ids).toMatchObject({ type: 'int64', dims: [2, L] });
    expect(feeds.attention_mask).toMatchObject({ type: 'int64', dims: [2, L] });
    expect(feeds.input_ids.data).toBeInstanceOf(BigInt64Array);
    const mask = Array.from(feeds.attention_mask.data as BigInt64Array, Number);
    expect(mask.slice(L)).toEqual(Array(L).fill(1));
    expect(mask.slice(0, L).filter((m) => m === 1).length).toBe(sentimentAdapter.tokenizer.encode('Loved it!').length);
  });

  it('parses the eval set and rejects malformed ones', () => {
    expect(parseSentimentEvalSet(bytes([{ text: 'ok', label: 'positive' }]))).toEqual([{ input: 'ok', label: 'positive' }]);
    expect(() => parseSentimentEvalSet(bytes('{oops'))).toThrow(/not valid JSON/);
    expect(() => parseSentimentEvalSet(bytes({ text: 'x' }))).toThrow(/JSON array/);
    expect(() => parseSentimentEvalSet(bytes([{ text: 'x', label: 1 }]))).toThrow(/sample 0 has label 1/);
    expect(() => parseSentimentEvalSet(bytes([{ text: '', label: 'negative' }]))).toThrow(/sample 0 has no text/);
  });

  it('is registered as a text classifier with six demo sentences', async () => {
    expect(sentimentEntry).toMatchObject({ id: 'sentiment-transformer', task: 'text-classification', inputKind: 'text', license: 'MIT' });
    expect(sentimentEntry.labels).toEqual(['negative', 'positive']);
    expect(sentimentEntry.demoInputs).toHaveLength(6);
    expect(sentimentEntry.title.zh).toBeTruthy();
    expect(await sentimentEntry.loadAdapter()).toBe(sentimentAdapter);
  });
});
