// Browser-only: a picked image file -> pixels (grey for the line OCR model, RGBA for photo OCR), with clear errors.
// The file's first bytes are checked before the browser decodes it, so a PDF or a .onnx gets a precise message.
export interface GrayPixels {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  /** The file's own size, when it was scaled down to fit maxSide. */
  original?: { width: number; height: number };
}

export class ImageInputError extends Error {
  constructor(readonly kind: 'not-image' | 'unreadable', message: string) {
    super(message);
  }
}

const SIGNATURES: number[][] = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x42, 0x4d], // BMP
];

/** JPEG, PNG, GIF, BMP or WebP (RIFF....WEBP), by magic bytes. */
export function looksLikeImage(head: Uint8Array): boolean {
  const webp = head.length >= 12 && String.fromCharCode(...head.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...head.subarray(8, 12)) === 'WEBP';
  return webp || SIGNATURES.some((sig) => sig.every((b, i) => head[i] === b));
}

/** Decodes an image, scaled down (never up) so its longer side is at most `maxSide`, on white (transparent PNGs). */
export async function fileToRgba(file: Blob, maxSide = 2048): Promise<RgbaPixels> {
  if (!looksLikeImage(new Uint8Array(await file.slice(0, 12).arrayBuffer()))) {
    throw new ImageInputError('not-image', 'This file is not an image (JPEG, PNG, WebP, GIF or BMP).');
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (e) {
    throw new ImageInputError('unreadable', `This file could not be read as an image (${(e as Error).message || 'decoding failed'}).`);
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const original = scale < 1 ? { width: bitmap.width, height: bitmap.height } : undefined;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { width, height, data: ctx.getImageData(0, 0, width, height).data, original };
}

export async function fileToGray(file: Blob, maxSide = 2048): Promise<GrayPixels> {
  const { width, height, data: rgba } = await fileToRgba(file, maxSide);
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]);
  return { width, height, data };
}
