// Pictures to image tensors: layouts, channel orders and the normalization presets, with values worked out by hand.
import { describe, expect, it } from 'vitest';
import type { InputSpec } from '../../../src/engine/inputs/spec';
import { imageToTensor, resample, type ImageOptions, type Pixels } from '../../../src/engine/samples/image';

const spec = (dims: number[], elemType = 'float'): InputSpec => ({ name: 'img', elemType, declared: dims, ranked: true, dims, fill: { kind: 'random' } });
/** 2×1 picture: a red pixel, then a blue one. */
const redBlue: Pixels = { width: 2, height: 1, data: Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 255]) };
const options = (o: Partial<ImageOptions>): ImageOptions => ({ layout: 'nchw', normalization: 'unit', order: 'rgb', resize: 'stretch', ...o });
const values = (t: { data: ArrayLike<number | bigint> }) => Array.from(t.data, (v) => Math.round(Number(v) * 1e4) / 1e4);

describe('image tensors', () => {
  it('NCHW holds planes, NHWC interleaves, BGR swaps channels', () => {
    expect(values(imageToTensor(redBlue, spec([1, 3, 1, 2]), options({}), 'p'))).toEqual([1, 0, 0, 0, 0, 1]);
    expect(values(imageToTensor(redBlue, spec([1, 1, 2, 3]), options({ layout: 'nhwc' }), 'p'))).toEqual([1, 0, 0, 0, 0, 1]);
    expect(values(imageToTensor(redBlue, spec([1, 3, 1, 2]), options({ order: 'bgr' }), 'p'))).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('presets: [-1, 1], ImageNet mean/std, raw 0-255, grey for one channel, bytes for uint8 inputs', () => {
    expect(values(imageToTensor(redBlue, spec([1, 3, 1, 2]), options({ normalization: 'signed' }), 'p'))).toEqual([1, -1, -1, -1, -1, 1]);
    const imagenet = values(imageToTensor(redBlue, spec([1, 3, 1, 2]), options({ normalization: 'imagenet' }), 'p'));
    const round = (x: number) => Math.round(x * 1e4) / 1e4;
    expect(imagenet).toEqual([round((1 - 0.485) / 0.229), round(-0.485 / 0.229), round(-0.456 / 0.224), round(-0.456 / 0.224), round(-0.406 / 0.225), round((1 - 0.406) / 0.225)]);
    expect(values(imageToTensor(redBlue, spec([1, 3, 1, 2]), options({ normalization: 'raw' }), 'p'))).toEqual([255, 0, 0, 0, 0, 255]);
    expect(values(imageToTensor(redBlue, spec([1, 1, 1, 2]), options({ normalization: 'raw' }), 'p'))).toEqual([76.245, 29.07]);
    expect(imageToTensor(redBlue, spec([1, 3, 1, 2], 'uint8'), options({}), 'p')).toMatchObject({ type: 'uint8', data: Uint8Array.from([255, 0, 0, 0, 0, 255]) });
  });

  it('crops the centre to the input aspect ratio before resizing', () => {
    // 3×1: red, green, blue; a 1×1 input with crop keeps the green centre, stretch averages all three.
    const rgb: Pixels = { width: 3, height: 1, data: Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]) };
    expect(values(imageToTensor(rgb, spec([1, 3, 1, 1]), options({ resize: 'crop', normalization: 'raw' }), 'p'))).toEqual([0, 255, 0]);
    const stretched = values(imageToTensor(rgb, spec([1, 3, 1, 1]), options({ normalization: 'raw' }), 'p'));
    expect(stretched.every((v) => v > 60 && v < 110)).toBe(true);
  });

  it('shrinking antialiases: a 1-pixel checkerboard becomes mid-grey, a flat picture stays flat', () => {
    const n = 64;
    const board = new Uint8Array(n * n * 4).map((_, i) => (i % 4 === 3 ? 255 : ((i >> 2) % n + Math.floor((i >> 2) / n)) % 2 ? 255 : 0));
    const small = resample({ width: n, height: n, data: board }, 8, 8);
    for (let p = 0; p < 64; p++) expect(Math.abs(small[p * 4] - 127.5)).toBeLessThan(4);
    const flat = resample({ width: 5, height: 3, data: new Uint8Array(60).fill(200) }, 11, 7);
    expect(flat.every((v) => Math.abs(v - 200) < 1e-3)).toBe(true);
  });

  it('says when an input is not an image input or the layout has no channel axis', () => {
    expect(() => imageToTensor(redBlue, spec([1, 4]), options({}), 'cat.png')).toThrow(/Input "img" is not an image input \(4 dimensions, float or uint8\): add cat\.png to another input/);
    expect(() => imageToTensor(redBlue, spec([1, 8, 1, 2]), options({}), 'p')).toThrow(/has 8 channels in NCHW order; images have 1, 3 or 4\. Try the other layout/);
  });
});
