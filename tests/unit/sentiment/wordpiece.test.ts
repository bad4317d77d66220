// The project's WordPiece vocabulary trainer and tokenizer.json writer, on a corpus small enough to reason about.
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { countWords, SPECIAL_TOKENS, tokenizerJson, trainWordPiece } from '../../../scripts/train-sentiment/wordpiece';

const corpus = ['Low, lower; LOWEST!', 'low low lower newest', 'newer newest wider'];

describe('WordPiece trainer', () => {
  it('counts words after BERT normalisation and punctuation splitting', () => {
    const counts = countWords(corpus);
    expect(counts.get('low')).toBe(3);
    expect(counts.get('lowest')).toBe(1);
    expect(counts.get(',')).toBe(1);
    expect(counts.has('LOWEST')).toBe(false);
  });

  it('starts from specials and characters, then merges the most frequent pair first', () => {
    const vocab = trainWordPiece(corpus, { vocabSize: 1000, minFrequency: 2 });
    expect(vocab.slice(0, 4)).toEqual([...SPECIAL_TOKENS]);
    expect(vocab).toContain('l');
    expect(vocab).toContain('##o');
    // l+##o, ##o+##w and ##w+##e each occur 6 times; ties go to the pair with the lower ids (##o, ##w).
    const merges = vocab.slice(vocab.indexOf('w') + 1);
    expect(merges.slice(0, 2)).toEqual(['##ow', 'low']);
    expect(merges).toEqual(expect.arrayContaining(['lower', 'newest']));
    expect(new Set(vocab).size).toBe(vocab.length);
    // minFrequency stops merging pairs seen once
    expect(vocab).not.toContain('wider');
  });

  it('respects the vocabulary size and writes a tokenizer.json that @huggingface/tokenizers loads', () => {
    const vocab = trainWordPiece(corpus, { vocabSize: 30, minFrequency: 1 });
    expect(vocab.length).toBeLessThanOrEqual(30);
    const tok = new Tokenizer(tokenizerJson(vocab, 16), {});
    const enc = tok.encode('Lowest newer');
    expect(enc.tokens[0]).toBe('[CLS]');
    expect(enc.tokens.at(-1)).toBe('[SEP]');
    expect(enc.ids.every((id) => id >= 0 && id < vocab.length)).toBe(true);
    expect(tok.decode(enc.ids, { skip_special_tokens: true })).toBe('lowest newer');
  });
});
