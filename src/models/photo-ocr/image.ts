// Pixel operations on plain arrays (no DOM), so the photo pipeline runs the same in the worker and in Node:
// perspective warps (line crops, and the eval-set generator's camera tilt), 180° turns, and the detector's input.
import type { GrayImage } from '../ocr/preprocess';
import { applyHomography, distance, homography, type Homography, type Quad } from './geometry';

/** A colour photo, row-major RGBA (canvas ImageData layout). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

interface Pixels {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

export function checkImage(img: Pixels, channels: number, what = 'image'): void {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width < 1 || img.height < 1) {
    throw new Error(`${what}: width and height must be positive integers (got ${img.width}x${img.height})`);
  }
  if (img.data.length !== img.width * img.height * channels) {
    throw new Error(`${what}: ${img.width}x${img.height} needs ${img.width * img.height * channels} bytes, got ${img.data.length}`);
  }
}

/**
 * Output pixel (x, y) samples the source at `dstToSrc`(x, y), bilinear, edges replicated (cv2.BORDER_REPLICATE).
 * Pixel centres sit at integer coordinates, as in cv2.warpPerspective.
 */
export function warpPerspective(src: Pixels, channels: number, dstToSrc: Homography, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  const { width: sw, height: sh, data } = src;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [fx0, fy0] = applyHomography(dstToSrc, [x, y]);
      const fx = Math.min(Math.max(fx0, 0), sw - 1);
      const fy = Math.min(Math.max(fy0, 0), sh - 1);
      const x0 = Math.floor(fx), y0 = Math.floor(fy);
      const x1 = Math.min(x0 + 1, sw - 1), y1 = Math.min(y0 + 1, sh - 1);
      const wx = fx - x0, wy = fy - y0;
      const o = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const top = data[(y0 * sw + x0) * channels + c] * (1 - wx) + data[(y0 * sw + x1) * channels + c] * wx;
        const bottom = data[(y1 * sw + x0) * channels + c] * (1 - wx) + data[(y1 * sw + x1) * channels + c] * wx;
        out[o + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}

/**
 * A text line cut out of the photo and rectified, as PaddleOCR's get_rotate_crop_image: the crop is as wide as
 * the quad's longer horizontal edge and as tall as its longer vertical edge; a crop at least 1.5× taller than wide
 * is turned 90° (vertical text). Bilinear (PaddleOCR uses bicubic).
 */
export function cropQuad(gray: GrayImage, quad: Quad): GrayImage {
  const [tl, tr, br, bl] = quad;
  const width = Math.max(1, Math.round(Math.max(distance(tl, tr), distance(bl, br))));
  const height = Math.max(1, Math.round(Math.max(distance(tl, bl), distance(tr, br))));
  const toSrc = homography([[0, 0], [width, 0], [width, height], [0, height]], quad);
  const data = warpPerspective(gray, 1, toSrc, width, height);
  const crop = { width, height, data };
  return height / width >= 1.5 ? rotate90(crop) : crop;
}

/** Counter-clockwise quarter turn (np.rot90), so a vertical line reads left to right. */
export function rotate90(img: GrayImage): GrayImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(w - 1 - x) * h + y] = data[y * w + x];
  return { width: h, height: w, data: out };
}

export function rotate180(img: GrayImage): GrayImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0, n = out.length; i < n; i++) out[i] = img.data[n - 1 - i];
  return { width: img.width, height: img.height, data: out };
}

/** PaddleOCR's NormalizeImage for det, applied to its BGR channel order: mean/std of ImageNet, in that order. */
const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];

export interface DetInput {
  data: Float32Array;
  dims: [1, 3, number, number];
  /** Size the map was computed at; boxes scale back by photo / map. */
  mapWidth: number;
  mapHeight: number;
}

/**
 * The detector's input, as PaddleOCR's DetResizeForTest (limit_type "max"): scale so the longer side is at most
 * `limitSide` (never up), round each side to a multiple of 32 (at least 32), resize bilinearly, then normalize the
 * channels in BGR order (the order cv2 reads and the model was trained on), CHW.
 */
export function toDetInput(photo: RgbaImage, limitSide = 960): DetInput {
  checkImage(photo, 4, 'photo');
  const ratio = Math.max(photo.width, photo.height) > limitSide ? limitSide / Math.max(photo.width, photo.height) : 1;
  const w = Math.max(32, Math.round((photo.width * ratio) / 32) * 32);
  const h = Math.max(32, Math.round((photo.height * ratio) / 32) * 32);
  const plane = w * h;
  const data = new Float32Array(3 * plane);
  const sx = photo.width / w, sy = photo.height / h;
  const src = photo.data;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), photo.height - 1);
    const y0 = Math.floor(fy), y1 = Math.min(y0 + 1, photo.height - 1), wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), photo.width - 1);
      const x0 = Math.floor(fx), x1 = Math.min(x0 + 1, photo.width - 1), wx = fx - x0;
      const a = (y0 * photo.width + x0) * 4, b = (y0 * photo.width + x1) * 4, c = (y1 * photo.width + x0) * 4, d = (y1 * photo.width + x1) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const rgb = 2 - ch; // output channel 0 is blue
        const v = (src[a + rgb] * (1 - wx) + src[b + rgb] * wx) * (1 - wy) + (src[c + rgb] * (1 - wx) + src[d + rgb] * wx) * wy;
        data[ch * plane + y * w + x] = (Math.round(v) / 255 - DET_MEAN[ch]) / DET_STD[ch];
      }
    }
  }
  return { data, dims: [1, 3, h, w], mapWidth: w, mapHeight: h };
}
