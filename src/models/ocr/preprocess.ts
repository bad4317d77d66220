// PP-OCR text-line recognition input, as PaddleOCR's `resize_norm_img` builds it (tools/infer/predict_rec.py):
// scale the line to height 48 keeping its aspect ratio (bilinear, like cv2.resize INTER_LINEAR), map pixels to
// (x/255 - 0.5)/0.5 in [-1, 1], CHW with 3 identical channels, and right-pad with 0 (mid-grey after
// normalisation) up to at least 320 wide, the width the model was trained on. Pure TS: no DOM.

/** A grayscale image, row-major, one byte per pixel (0 black .. 255 white). */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export const REC_HEIGHT = 48;
/** PaddleOCR's rec_image_shape width: shorter lines are padded to it. */
export const REC_MIN_WIDTH = 320;
/** Cap so a pathological input (a 10,000-px-wide strip) cannot allocate unbounded memory; longer lines are squeezed. */
export const REC_MAX_WIDTH = 3200;

export function checkGrayImage(img: GrayImage): void {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width < 1 || img.height < 1) {
    throw new Error(`OCR input: width and height must be positive integers (got ${img.width}x${img.height})`);
  }
  if (img.data.length !== img.width * img.height) {
    throw new Error(`OCR input: ${img.width}x${img.height} needs ${img.width * img.height} bytes, got ${img.data.length}`);
  }
}

/** Width of the line after scaling to height 48 (PaddleOCR: ceil(48 * w / h)), capped at REC_MAX_WIDTH. */
export function scaledWidth(img: GrayImage): number {
  return Math.min(REC_MAX_WIDTH, Math.max(1, Math.ceil((REC_HEIGHT * img.width) / img.height)));
}

/** Bilinear resize with half-pixel centres (cv2.INTER_LINEAR's sampling grid). */
export function resizeGray(img: GrayImage, width: number, height: number): GrayImage {
  checkGrayImage(img);
  if (img.width === width && img.height === height) return img;
  const out = new Uint8Array(width * height);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const wx = fx - x0;
      const top = img.data[y0 * img.width + x0] * (1 - wx) + img.data[y0 * img.width + x1] * wx;
      const bottom = img.data[y1 * img.width + x0] * (1 - wx) + img.data[y1 * img.width + x1] * wx;
      out[y * width + x] = Math.round(top * (1 - wy) + bottom * wy);
    }
  }
  return { width, height, data: out };
}

/**
 * Writes one line into `target` (a [3, 48, tensorWidth] slice) and returns the scaled width. Columns past the
 * scaled width stay 0, PaddleOCR's padding value.
 */
export function writeRecInput(img: GrayImage, target: Float32Array, tensorWidth: number): number {
  const width = Math.min(scaledWidth(img), tensorWidth);
  const scaled = resizeGray(img, width, REC_HEIGHT);
  const plane = REC_HEIGHT * tensorWidth;
  if (target.length < 3 * plane) throw new Error(`OCR input: target holds ${target.length} floats, needs ${3 * plane}`);
  for (let y = 0; y < REC_HEIGHT; y++) {
    for (let x = 0; x < width; x++) {
      const v = scaled.data[y * width + x] / 127.5 - 1; // (v/255 - 0.5) / 0.5
      const i = y * tensorWidth + x;
      target[i] = v;
      target[plane + i] = v;
      target[2 * plane + i] = v;
    }
  }
  return width;
}

/** Tensor width for a batch: the widest scaled line, at least REC_MIN_WIDTH. */
export function batchWidth(images: GrayImage[]): number {
  return Math.max(REC_MIN_WIDTH, ...images.map(scaledWidth));
}

/** [N, 3, 48, W] float32 for a batch of lines (PaddleOCR pads every line to the batch's widest). */
export function toRecTensor(images: GrayImage[]): { data: Float32Array; dims: [number, number, number, number] } {
  if (!images.length) throw new Error('OCR input: the batch is empty');
  images.forEach(checkGrayImage);
  const width = batchWidth(images);
  const size = 3 * REC_HEIGHT * width;
  const data = new Float32Array(images.length * size);
  images.forEach((img, n) => writeRecInput(img, data.subarray(n * size, (n + 1) * size), width));
  return { data, dims: [images.length, 3, REC_HEIGHT, width] };
}

/** RGBA (canvas ImageData layout) to gray with ITU-R BT.601 weights, as cv2's BGR2GRAY. */
export function rgbaToGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  if (rgba.length !== width * height * 4) throw new Error(`RGBA ${width}x${height} needs ${width * height * 4} bytes, got ${rgba.length}`);
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
  }
  return { width, height, data };
}
