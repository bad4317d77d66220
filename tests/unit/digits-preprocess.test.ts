import { describe, expect, it } from 'vitest';
import { preprocessDigit, DrawingError, inkFromRgba, DIGIT_SIZE } from '../../src/models/digits/preprocess';

function canvas(w: number, h: number, paint: (x: number, y: number) => number): Uint8Array {
  const ink = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) ink[y * w + x] = paint(x, y);
  return ink;
}

function centreOfMass(img: Float32Array) {
  let m = 0, cx = 0, cy = 0;
  img.forEach((v, i) => { m += v; cx += v * (i % DIGIT_SIZE); cy += v * Math.floor(i / DIGIT_SIZE); });
  return { x: cx / m, y: cy / m };
}

describe('digit preprocessing (MNIST-style)', () => {
  it('fits the ink into a 20px box and centres it by mass, wherever it was drawn', () => {
    // A filled rectangle 40x100 drawn in the top-left corner of a 280x280 pad.
    const ink = canvas(280, 280, (x, y) => (x >= 10 && x < 50 && y >= 5 && y < 105 ? 255 : 0));
    const out = preprocessDigit(ink, 280, 280);
    expect(out.length).toBe(784);
    const rows = new Set<number>(), cols = new Set<number>();
    out.forEach((v, i) => { if (v > 0.5) { rows.add(Math.floor(i / 28)); cols.add(i % 28); } });
    expect(rows.size).toBe(20); // longer side scaled to 20 px
    expect(cols.size).toBe(8); // 40/100 * 20
    const c = centreOfMass(out);
    expect(c.x).toBeCloseTo(13.5, 0);
    expect(c.y).toBeCloseTo(13.5, 0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
  });

  it('rejects an empty pad and a tiny tap with a message a person understands', () => {
    expect(() => preprocessDigit(new Uint8Array(100 * 100), 100, 100)).toThrow(DrawingError);
    expect(() => preprocessDigit(new Uint8Array(100 * 100), 100, 100)).toThrow(/Nothing drawn/);
    const dot = canvas(280, 280, (x, y) => (Math.hypot(x - 140, y - 140) < 10 ? 255 : 0));
    expect(() => preprocessDigit(dot, 280, 280)).toThrow(/too small to read/);
  });

  it('ignores faint anti-aliasing haze and reads alpha as ink', () => {
    const haze = canvas(50, 50, () => 10);
    expect(() => preprocessDigit(haze, 50, 50)).toThrow(/Nothing drawn/);
    expect(Array.from(inkFromRgba([0, 0, 0, 0, 17, 17, 17, 255]))).toEqual([0, 255]);
    expect(() => preprocessDigit(new Uint8Array(10), 5, 5)).toThrow(/10 values for a 5x5/);
  });
});
