// The project's WordPiece tokenizer: app-side tokenisation vs @huggingface/tokenizers itself, round trips,
// [UNK], truncation and padding.
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { parseSentimentEvalSet } from '../../../src/models/sentiment/create-adapter';
import { MAX_TOKENS, SentimentTokenizer } from '../../../src/models/sentiment/tokenize';

const json = JSON.parse(readFileSync('models/sentiment/tokenizer.json', 'utf8')) as { model: { vocab: Record<string, number> } };
const tok = new SentimentTokenizer(json);
const reference = new Tokenizer(json, {});
const samples = parseSentimentEvalSet(new Uint8Array(readFileSync('models/sentiment/eval.json')));

describe('sentiment tokenizer', () => {
  it('has [PAD] [UNK] [CLS] [SEP] as ids 0-3 and a vocabulary learnt from the training split', () => {
    expect([tok.padId, tok.unkId, tok.clsId, tok.sepId]).toEqual([0, 1, 2, 3]);
    expect(tok.vocabSize).toBeGreaterThanOrEqual(2000);
    expect(tok.vocabSize).toBeLessThanOrEqual(4000);
    expect(Object.keys(json.model.vocab).some((t) => t.startsWith('##'))).toBe(true);
  });

  it("gives exactly @huggingface/tokenizers' ids on every eval sentence (plus truncation to 64)", () => {
    let truncated = 0;
    for (const s of samples) {
      const lib = reference.encode(s.input).ids;
      const ours = tok.encode(s.input);
      if (lib.length <= MAX_TOKENS) expect(ours).toEqual(lib);
      else {
        truncated++;
        expect(ours).toEqual([...lib.slice(0, MAX_TOKENS - 1), tok.sepId]);
      }
    }
    // Truncation is exercised (a few long IMDb sentences) but rare.
    expect(truncated).toBeGreaterThan(0);
    expect(truncated).toBeLessThan(samples.length / 40);
  });

  it('decodes back to the normalised text (lowercase, accents stripped, pieces joined)', () => {
    const text = 'The Food was GREAT and the service was terrible, not amazing.';
    expect(tok.decode(tok.encode(text))).toBe('the food was great and the service was terrible, not amazing.');
    const ids = tok.encode('Café');
    expect(tok.decode(ids)).toBe('cafe');
    // A rarer word comes back whole although it is split into pieces.
    const pieces = tok.tokens('unwatchable');
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.slice(1).every((p) => p.startsWith('##'))).toBe(true);
    expect(tok.decode(tok.encode('unwatchable'))).toBe('unwatchable');
  });

  it('maps words with characters never seen in training to [UNK]', () => {
    expect(tok.tokens('good 😀 food 好')).toEqual(['good', '[UNK]', 'food', '[UNK]']);
    expect(tok.encode('good 😀')).toEqual([tok.clsId, json.model.vocab.good, tok.unkId, tok.sepId]);
  });

  it('wraps in [CLS] … [SEP], truncates to 64 tokens and pads to the longest sentence', () => {
    expect(tok.encode('')).toEqual([tok.clsId, tok.sepId]);
    const long = Array.from({ length: 200 }, () => 'good').join(' ');
    const ids = tok.encode(long);
    expect(ids.length).toBe(MAX_TOKENS);
    expect(ids[0]).toBe(tok.clsId);
    expect(ids[MAX_TOKENS - 1]).toBe(tok.sepId);

    const batch = tok.encodeBatch(['bad', 'the food was good']);
    expect(batch.length).toBe(tok.encode('the food was good').length);
    expect(batch.count).toBe(2);
    expect(Array.from(batch.attentionMask.subarray(0, batch.length), Number)).toEqual([1, 1, 1, ...Array(batch.length - 3).fill(0)]);
    expect(Array.from(batch.inputIds.subarray(3, batch.length), Number)).toEqual(Array(batch.length - 3).fill(tok.padId));
    expect(tok.encodeBatch([long, 'bad']).length).toBe(MAX_TOKENS);
    expect(tok.encodeBatch(['bad'], 10).length).toBe(10);
    expect(() => tok.encodeBatch(['bad'], 65)).toThrow(/64/);
  });
});
