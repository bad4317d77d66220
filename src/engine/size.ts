// Sizes as users meet them: bytes on disk and bytes over the wire (gzip level 6, what static hosts serve).
import { gzipSync } from 'fflate';

export interface SizeInfo {
  raw: number;
  gzip: number;
}

export function measureSize(bytes: Uint8Array): SizeInfo {
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 6, mtime: 0 }).length };
}

/** SHA-256 hex of some bytes (WebCrypto: present in browsers, workers and Node >= 20). */
export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
