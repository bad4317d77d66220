// JPEG -> RGBA with jpeg-js (pure JS), used for the committed eval photos in the worker and in Node alike, so the
// app evaluates exactly the pixels the model card was measured on (browser decoders may differ by a grey level).
import jpeg from 'jpeg-js';
import type { RgbaImage } from './image';

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function decodeJpeg(bytes: Uint8Array): RgbaImage {
  if (!isJpeg(bytes)) throw new Error('Not a JPEG (it does not start with FF D8 FF).');
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 64 });
  return { width: img.width, height: img.height, data: img.data };
}
