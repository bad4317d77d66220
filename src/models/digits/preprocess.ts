// A drawing -> the 28x28 input the digit CNN was trained on, done the way MNIST itself was made: crop to the
// ink, scale the longer side to 20 px keeping the aspect ratio, then centre by centre of mass in 28x28.
// Skipping this is why canvas demos of MNIST models often guess wrong on a perfectly good digit.
export const DIGIT_SIZE = 28;
const BOX = 20;
const INK_THRESHOLD = 16; // of 255: ignores anti-aliasing haze at the edge of strokes

export class DrawingError extends Error {
  override name = 'DrawingError';
}

/** A mark whose longer side is under this fraction of the pad is a tap or a slip, not a digit. */
const MIN_EXTENT = 0.12;

/** `ink` is width*height intensities 0..255 (ink high, background 0). Returns 784 floats in 0..1. */
export function preprocessDigit(ink: ArrayLike<number>, width: number, height: number): Float32Array {
  if (ink.length !== width * height) throw new Error(`ink has ${ink.length} values for a ${width}x${height} canvas`);
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > INK_THRESHOLD) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) throw new DrawingError('Nothing drawn yet: draw a digit (0-9) in the box first.');
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  if (Math.max(bw, bh) < MIN_EXTENT * Math.max(width, height)) {
    throw new DrawingError('That mark is too small to read: draw the digit larger, filling most of the box.');
  }
  const scale = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
  const small = resizeArea(ink, width, x0, y0, bw, bh, tw, th);

  // Centre of mass of the scaled digit -> shift so it lands on the centre of the 28x28 frame.
  let mass = 0, cx = 0, cy = 0;
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
    const v = small[y * tw + x];
    mass += v; cx += v * x; cy += v * y;
  }
  const ox = Math.round(DIGIT_SIZE / 2 - 0.5 - cx / mass);
  const oy = Math.round(DIGIT_SIZE / 2 - 0.5 - cy / mass);
  const out = new Float32Array(DIGIT_SIZE * DIGIT_SIZE);
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
    const X = x + ox, Y = y + oy;
    if (X >= 0 && X < DIGIT_SIZE && Y >= 0 && Y < DIGIT_SIZE) out[Y * DIGIT_SIZE + X] = Math.min(1, small[y * tw + x] / 255);
  }
  return out;
}

/** Area-average resize of a sub-rectangle (each target pixel averages the source pixels it covers). */
function resizeArea(src: ArrayLike<number>, stride: number, x0: number, y0: number, w: number, h: number, tw: number, th: number): Float32Array {
  const sum = new Float32Array(tw * th);
  const count = new Uint32Array(tw * th);
  for (let y = 0; y < h; y++) {
    const ty = Math.min(th - 1, Math.floor((y * th) / h));
    for (let x = 0; x < w; x++) {
      const tx = Math.min(tw - 1, Math.floor((x * tw) / w));
      sum[ty * tw + tx] += src[(y0 + y) * stride + x0 + x];
      count[ty * tw + tx]++;
    }
  }
  // Upscaling leaves some target pixels without a source pixel: take the nearest one.
  for (let ty = 0; ty < th; ty++) for (let tx = 0; tx < tw; tx++) {
    const i = ty * tw + tx;
    if (count[i]) sum[i] /= count[i];
    else sum[i] = src[(y0 + Math.floor(((ty + 0.5) * h) / th)) * stride + x0 + Math.floor(((tx + 0.5) * w) / tw)];
  }
  return sum;
}

/** Canvas RGBA -> ink intensities: the pad draws opaque strokes on a transparent canvas, so alpha is the ink. */
export function inkFromRgba(rgba: ArrayLike<number>): Uint8Array {
  const ink = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4 + 3];
  return ink;
}
