// Reader/writer for models/ocr-rec/eval.bin: text lines rendered from known strings by scripts/make-ocr-eval.ts,
// stored already scaled to height 48 (the model's input height) as grayscale. Pure TS (fflate, no Node/DOM).
//
// Layout (little-endian): ASCII "OCR1" | uint32 n | n records of
//   uint16 labelBytes | label UTF-8 | uint8 tagBytes | tag UTF-8 ("<kind>|<font> <size>px[ rotated][ noise]") |
//   uint16 width | uint16 height | uint32 packedBytes | raw DEFLATE (level 9) of the row-major pixels.
// (A PNG-style left or up delta before deflate made the file larger: scaled text and noise defeat it.)
import { deflateSync, inflateSync } from 'fflate';
import type { GrayImage } from './preprocess';

export const OCR_EVAL_MAGIC = 'OCR1';

export interface OcrEvalLine {
  label: string;
  /** "<kind>|<font> <size>px[ rotated][ noise]", for breakdowns: kind is zh, en, num or mix. */
  tag: string;
  image: GrayImage;
}

const utf8 = new TextEncoder();

export function encodeOcrEvalSet(lines: OcrEvalLine[]): Uint8Array {
  const parts: Uint8Array[] = [utf8.encode(OCR_EVAL_MAGIC), u32(lines.length)];
  for (const { label, tag, image } of lines) {
    const l = utf8.encode(label);
    const t = utf8.encode(tag);
    if (l.length > 0xffff || t.length > 0xff || image.width > 0xffff || image.height > 0xffff) throw new Error(`OCR eval set: line "${label}" too large to encode`);
    const packed = deflateSync(image.data, { level: 9 });
    parts.push(u16(l.length), l, new Uint8Array([t.length]), t, u16(image.width), u16(image.height), u32(packed.length), packed);
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function parseOcrEvalSet(bytes: Uint8Array): OcrEvalLine[] {
  const fail = (why: string): never => {
    throw new Error(`OCR eval set: ${why}`);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes is shorter than the 8-byte header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== OCR_EVAL_MAGIC) fail(`bad magic (expected "${OCR_EVAL_MAGIC}", got "${magic}")`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(4, true);
  const text = new TextDecoder('utf-8', { fatal: true });
  const lines: OcrEvalLine[] = [];
  let at = 8;
  const need = (count: number, what: string) => {
    if (at + count > bytes.length) fail(`truncated in line ${lines.length + 1} of ${n} (${what})`);
  };
  for (let i = 0; i < n; i++) {
    need(2, 'label length');
    const labelBytes = view.getUint16(at, true);
    need(2 + labelBytes + 1, 'label');
    const label = text.decode(bytes.subarray(at + 2, at + 2 + labelBytes));
    at += 2 + labelBytes;
    const tagBytes = bytes[at];
    need(1 + tagBytes + 8, 'tag and size');
    const tag = text.decode(bytes.subarray(at + 1, at + 1 + tagBytes));
    at += 1 + tagBytes;
    const width = view.getUint16(at, true);
    const height = view.getUint16(at + 2, true);
    const packedBytes = view.getUint32(at + 4, true);
    at += 8;
    need(packedBytes, 'pixels');
    const pixels = inflateSync(bytes.subarray(at, at + packedBytes));
    at += packedBytes;
    if (!width || !height || pixels.length !== width * height) fail(`line ${i + 1} ("${label}") has ${pixels.length} pixels for ${width}x${height}`);
    lines.push({ label, tag, image: { width, height, data: pixels } });
  }
  if (at !== bytes.length) fail(`${bytes.length - at} unexpected bytes after the ${n} lines`);
  return lines;
}

function u16(v: number): Uint8Array {
  return new Uint8Array([v & 255, v >>> 8]);
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}
