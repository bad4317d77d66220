import { describe, expect, it } from 'vitest';
import { REC_MAX_WIDTH, resizeGray, rgbaToGray, scaledWidth, toRecTensor, type GrayImage } from '../../../src/models/ocr/preprocess';

const gray = (width: number, height: number, fill: (x: number, y: number) => number): GrayImage => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = fill(x, y);
  return { width, height, data };
};

describe('OCR preprocessing', () => {
  it('scales to height 48 keeping the aspect ratio (ceil, as PaddleOCR), capped', () => {
    expect(scaledWidth(gray(100, 24, () => 0))).toBe(200);
    expect(scaledWidth(gray(10, 30, () => 0))).toBe(16);
    expect(scaledWidth(gray(20000, 10, () => 0))).toBe(REC_MAX_WIDTH);
  });

  it('builds [1,3,48,W>=320] with (x/255-0.5)/0.5 in three equal channels and zero padding', () => {
    const img = gray(100, 48, (x) => (x < 50 ? 0 : 255));
    const { data, dims } = toRecTensor([img]);
    expect(dims).toEqual([1, 3, 48, 320]);
    const plane = 48 * 320;
    const at = (c: number, y: number, x: number) => data[c * plane + y * 320 + x];
    for (const c of [0, 1, 2]) {
      expect(at(c, 10, 0)).toBe(-1); // black
      expect(at(c, 10, 99)).toBe(1); // white
      expect(at(c, 10, 100)).toBe(0); // padding
      expect(at(c, 47, 319)).toBe(0);
    }
  });

  it('pads a batch to its widest line', () => {
    const { dims } = toRecTensor([gray(400, 48, () => 255), gray(10, 48, () => 255)]);
    expect(dims).toEqual([2, 3, 48, 400]);
  });

  it('resizes bilinearly: identity at the same size, constant stays constant, mean preserved on ramps', () => {
    const img = gray(30, 20, (x, y) => (x * 7 + y * 3) % 256);
    expect(resizeGray(img, 30, 20)).toBe(img);
    const flat = resizeGray(gray(13, 7, () => 77), 48, 48);
    expect(flat.data.every((v) => v === 77)).toBe(true);
    const ramp = resizeGray(gray(10, 10, (x) => x * 20), 20, 10);
    expect(ramp.data[0]).toBe(0);
    expect(ramp.data[19]).toBe(180);
    expect(ramp.data[10]).toBeGreaterThan(ramp.data[9]);
  });

  it('converts RGBA to gray with BT.601 weights and rejects wrong sizes', () => {
    const g = rgbaToGray(new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]), 2, 2);
    expect(Array.from(g.data)).toEqual([76, 150, 29, 255]);
    expect(() => rgbaToGray(new Uint8Array(3), 1, 1)).toThrow(/needs 4 bytes/);
    expect(() => toRecTensor([{ width: 2, height: 2, data: new Uint8Array(3) }])).toThrow(/needs 4 bytes, got 3/);
    expect(() => toRecTensor([])).toThrow(/empty/);
  });
});
