// Reader/writer for models/photo-ocr/eval.bin: photos rendered from known text by scripts/make-photo-ocr-eval.ts,
// each a JPEG with its ground-truth lines (text + quadrilateral in photo pixels). Pure TS (no Node/DOM).
//
// Layout: ASCII "PHO1" | uint32 LE headerBytes | header JSON (UTF-8) | the photos' JPEG bytes, back to back.
// header = { photos: [{ id, tag, width, height, bytes, lines: [{ text, quad: [x0, y0, ..., x3, y3] }] }] }
import type { Quad } from './geometry';

export const PHOTO_EVAL_MAGIC = 'PHO1';

export interface PhotoLine {
  text: string;
  /** tl, tr, br, bl of the rendered line's ink box after the photo's tilt, in photo pixels. */
  quad: Quad;
}

export interface PhotoSample {
  id: string;
  /** "<layout>|<effects>", e.g. "receipt|tilt 2.1° blur 0.8 noise 4 q80"; the layout is doc, sign, receipt or poster. */
  tag: string;
  width: number;
  height: number;
  jpeg: Uint8Array;
  lines: PhotoLine[];
}

interface HeaderPhoto {
  id: string;
  tag: string;
  width: number;
  height: number;
  bytes: number;
  lines: { text: string; quad: number[] }[];
}

export function encodePhotoEvalSet(photos: PhotoSample[]): Uint8Array {
  const header: { photos: HeaderPhoto[] } = {
    photos: photos.map((p) => ({
      id: p.id, tag: p.tag, width: p.width, height: p.height, bytes: p.jpeg.length,
      lines: p.lines.map((l) => ({ text: l.text, quad: l.quad.flatMap(([x, y]) => [round2(x), round2(y)]) })),
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + photos.reduce((n, p) => n + p.jpeg.length, 0));
  out.set(new TextEncoder().encode(PHOTO_EVAL_MAGIC), 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of photos) {
    out.set(p.jpeg, at);
    at += p.jpeg.length;
  }
  return out;
}

export function parsePhotoEvalSet(bytes: Uint8Array): PhotoSample[] {
  const fail = (why: string): never => {
    throw new Error(`Photo OCR eval set: ${why}`);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes is shorter than the 8-byte header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== PHOTO_EVAL_MAGIC) fail(`bad magic (expected "${PHOTO_EVAL_MAGIC}", got "${magic}")`);
  const headerBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headerBytes > bytes.length) fail(`the header claims ${headerBytes} bytes but the file has ${bytes.length - 8}`);
  let header: { photos?: HeaderPhoto[] };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes))) as { photos?: HeaderPhoto[] };
  } catch (e) {
    return fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(header.photos)) fail('the header has no photo list');
  let at = 8 + headerBytes;
  const photos = header.photos!.map((p, i): PhotoSample => {
    if (!(p.bytes > 0) || at + p.bytes > bytes.length) fail(`photo ${i + 1} (${p.id}) is truncated`);
    const jpeg = bytes.subarray(at, at + p.bytes);
    at += p.bytes;
    if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) fail(`photo ${i + 1} (${p.id}) is not a JPEG`);
    const lines = p.lines.map((l) => {
      if (typeof l.text !== 'string' || !Array.isArray(l.quad) || l.quad.length !== 8) fail(`photo ${p.id} has a malformed line`);
      const q = l.quad;
      return { text: l.text, quad: [[q[0], q[1]], [q[2], q[3]], [q[4], q[5]], [q[6], q[7]]] as Quad };
    });
    return { id: p.id, tag: p.tag, width: p.width, height: p.height, jpeg, lines };
  });
  if (at !== bytes.length) fail(`${bytes.length - at} unexpected bytes after the ${photos.length} photos`);
  return photos;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
