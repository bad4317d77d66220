// A decoded picture (RGBA pixels, from the page's canvas) -> the tensor a 4-D image input takes: cropped or
// stretched to the input's height and width, channels in NCHW or NHWC order, RGB or BGR, scaled by a preset.
import { imageAxes } from '../inputs/hints';
import type { InputSpec } from '../inputs/spec';
import type { PlainTensor } from '../tensor-data';
import { floatToHalf } from '../onnx/float16';
import { fail } from './errors';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  data: Uint8Array | Uint8ClampedArray;
}

export type Normalization = 'unit' | 'signed' | 'imagenet' | 'raw';
export const NORMALIZATIONS: readonly Normalization[] = ['unit', 'signed', 'imagenet', 'raw'];

export interface ImageOptions {
  layout: 'nchw' | 'nhwc';
  /** unit: [0, 1]; signed: [-1, 1]; imagenet: (x/255 - mean) / std; raw: 0-255. */
  normalization: Normalization;
  order: 'rgb' | 'bgr';
  /** crop: scale the shorter side to fit, then cut the centre (the usual ImageNet eval); stretch: scale both. */
  resize: 'crop' | 'stretch';
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

export function defaultImageOptions(spec: Pick<InputSpec, 'declared'>): ImageOptions {
  return { layout: imageAxes(spec.declared)?.layout ?? 'nchw', normalization: 'unit', order: 'rgb', resize: 'crop' };
}

export function imageToTensor(pixels: Pixels, spec: InputSpec, options: ImageOptions, where: string): PlainTensor {
  const dims = spec.dims;
  const float = spec.elemType === 'float' || spec.elemType === 'float16';
  if (dims.length !== 4 || dims.some((d) => d === undefined) || !(float || spec.elemType === 'uint8')) {
    fail(`Input "${spec.name}" is not an image input (4 dimensions, float or uint8): add ${where} to another input, or as .npy.`, `输入“${spec.name}”不是图像输入（4 维、float 或 uint8）：请将 ${where} 添加到其他输入，或改用 .npy。`);
  }
  const [n, a, b, c] = dims as number[];
  const [channels, height, width] = options.layout === 'nchw' ? [a, b, c] : [c, a, b];
  if (n !== 1) fail(`Input "${spec.name}" has batch ${n}: set it to 1 to add images one by one.`, `输入“${spec.name}”的批大小为 ${n}：请设为 1 以逐张添加图像。`);
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    fail(`Input "${spec.name}" has ${channels} channels in ${options.layout.toUpperCase()} order; images have 1, 3 or 4. Try the other layout.`, `输入“${spec.name}”在 ${options.layout.toUpperCase()} 顺序下有 ${channels} 个通道；图像只有 1、3 或 4 个通道。请尝试另一种布局。`);
  }
  const resized = resample(crop(pixels, options.resize === 'crop' ? width / height : undefined), width, height);
  const plane = width * height;
  const out = new Float32Array(channels * plane);
  for (let p = 0; p < plane; p++) {
    const r = resized[p * 4], g = resized[p * 4 + 1], bl = resized[p * 4 + 2];
    const rgba = channels === 1 ? [0.299 * r + 0.587 * g + 0.114 * bl] : options.order === 'bgr' ? [bl, g, r, resized[p * 4 + 3]] : [r, g, bl, resized[p * 4 + 3]];
    for (let ch = 0; ch < channels; ch++) {
      const v = spec.elemType === 'uint8' ? Math.round(rgba[ch]) : scale(rgba[ch], options.order === 'bgr' ? 2 - ch : ch, options.normalization);
      out[options.layout === 'nchw' ? ch * plane + p : p * channels + ch] = v;
    }
  }
  if (spec.elemType === 'uint8') return { type: 'uint8', dims: [...(dims as number[])], data: Uint8Array.from(out) };
  if (spec.elemType === 'float16') return { type: 'float16', dims: [...(dims as number[])], data: Uint16Array.from(out, floatToHalf) };
  return { type: 'float32', dims: [...(dims as number[])], data: out };
}

/** `rgbIndex`: which of R, G, B this value is (for ImageNet's per-channel mean and std). */
function scale(v: number, rgbIndex: number, normalization: Normalization): number {
  switch (normalization) {
    case 'unit': return v / 255;
    case 'signed': return v / 127.5 - 1;
    case 'raw': return v;
    case 'imagenet': {
      const i = Math.min(2, Math.max(0, rgbIndex));
      return (v / 255 - IMAGENET_MEAN[i]) / IMAGENET_STD[i];
    }
  }
}

/** The centred region with the given aspect ratio (width / height), or the whole picture. */
function crop(pixels: Pixels, aspect: number | undefined): Pixels {
  if (!aspect) return pixels;
  const { width, height } = pixels;
  const w = Math.min(width, Math.round(height * aspect));
  const h = Math.min(height, Math.round(width / aspect));
  if (w === width && h === height) return pixels;
  const x0 = (width - w) >> 1, y0 = (height - h) >> 1;
  const data = new Uint8Array(Math.max(1, w) * Math.max(1, h) * 4);
  for (let y = 0; y < h; y++) data.set(pixels.data.subarray(((y0 + y) * width + x0) * 4, ((y0 + y) * width + x0 + w) * 4), y * w * 4);
  return { width: Math.max(1, w), height: Math.max(1, h), data };
}

/**
 * Separable resampling with a triangle filter widened by the scale factor when shrinking (antialiased bilinear,
 * as Pillow and torchvision's antialias=True do), so a 4000-pixel photo does not alias down to 224.
 */
export function resample(pixels: Pixels, width: number, height: number): Float32Array {
  const horizontal = weights(pixels.width, width);
  const vertical = weights(pixels.height, height);
  const rows = new Float32Array(pixels.height * width * 4);
  for (let y = 0; y < pixels.height; y++) {
    for (let x = 0; x < width; x++) {
      const { start, w } = horizontal[x];
      for (let k = 0; k < w.length; k++) {
        const src = (y * pixels.width + start + k) * 4, dst = (y * width + x) * 4;
        for (let ch = 0; ch < 4; ch++) rows[dst + ch] += w[k] * pixels.data[src + ch];
      }
    }
  }
  const out = new Float32Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const { start, w } = vertical[y];
    for (let k = 0; k < w.length; k++) {
      const src = (start + k) * width * 4, dst = y * width * 4;
      for (let i = 0; i < width * 4; i++) out[dst + i] += w[k] * rows[src + i];
    }
  }
  return out;
}

function weights(from: number, to: number): { start: number; w: Float32Array }[] {
  const ratio = from / to;
  const support = Math.max(1, ratio);
  return Array.from({ length: to }, (_, i) => {
    const center = (i + 0.5) * ratio;
    const start = Math.max(0, Math.floor(center - support));
    const end = Math.min(from, Math.ceil(center + support));
    const w = new Float32Array(end - start);
    let sum = 0;
    for (let j = start; j < end; j++) sum += w[j - start] = Math.max(0, 1 - Math.abs(j + 0.5 - center) / support);
    for (let k = 0; k < w.length; k++) w[k] /= sum;
    return { start, w };
  });
}
