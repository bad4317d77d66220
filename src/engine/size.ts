// Sizes as users meet them: bytes on disk and bytes over the wire (gzip). gzip is measured with the platform's
// native compressor, CompressionStream('gzip') (browsers, workers, Node >= 18): zlib at its default level 6, the
// library and level nginx/Apache gzip use; on the PP-OCR recognizer it gives 9,959,967 bytes where GNU `gzip -6`
// gives 9,963,600 (0.04% apart) and fflate's level 6 9,997,241 (+0.4%). It is asynchronous (in Node it runs on
// zlib's own thread), 2-4x faster than fflate here, and still slower than quantizing the same model, so it never
// sits between a compression and its bytes: the pipeline measures it after the bytes exist (see pipeline.ts).
import { gzipSync } from 'fflate';

export interface RawSize {
  raw: number;
}

export interface SizeInfo extends RawSize {
  gzip: number;
}

/** Model bytes are never edited in place here, so each array's gzip size is measured once. */
const measured = new WeakMap<Uint8Array, Promise<number>>();

async function nativeGzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  let size = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
  }
  await written;
  return size;
}

/** gzip size of `bytes` (level 6). Browsers without CompressionStream (before Safari 16.4) fall back to fflate. */
export function gzipSize(bytes: Uint8Array): Promise<number> {
  let size = measured.get(bytes);
  if (!size) {
    size = typeof CompressionStream === 'function' ? nativeGzipSize(bytes) : Promise.resolve(gzipSync(bytes, { level: 6, mtime: 0 }).length);
    measured.set(bytes, size);
  }
  return size;
}

export async function measureSize(bytes: Uint8Array): Promise<SizeInfo> {
  return { raw: bytes.length, gzip: await gzipSize(bytes) };
}

/** SHA-256 hex of some bytes (WebCrypto: present in browsers, workers and Node >= 20). */
export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
