// Puts the heavy files (runtime wasm, models, eval sets) into Cache Storage with byte-level progress. The page does
// the downloading, not the service worker: a page fetch lives as long as the tab, while a worker's message handler
// may be stopped by the browser in the middle of a 27 MB download on a slow network.
import { FILL_HEADER, OFFLINE_CACHE } from './precache-plan';
import type { OfflineStatusReply, SwReply, SwRequest } from './protocol';

export interface FillProgress {
  doneBytes: number;
  totalBytes: number;
  file: string;
}

/** Asks the active service worker what is stored. Rejects after `timeoutMs` (a stopped or broken worker). */
export async function askOfflineStatus(registration: ServiceWorkerRegistration, timeoutMs = 10_000): Promise<OfflineStatusReply> {
  const worker = navigator.serviceWorker.controller ?? registration.active;
  if (!worker) throw new Error('The offline helper is still installing. Try again in a moment.');
  const channel = new MessageChannel();
  const reply = new Promise<SwReply>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The offline helper did not answer.')), timeoutMs);
    channel.port1.onmessage = (e) => {
      clearTimeout(timer);
      resolve(e.data as SwReply);
    };
  });
  worker.postMessage({ type: 'offline-status' } satisfies SwRequest, [channel.port2]);
  const answer = await reply;
  channel.port1.close();
  if (answer.type === 'error') throw new Error(answer.message);
  return answer;
}

/** Downloads every heavy file that is not stored yet. Returns the number of bytes downloaded. */
export async function fillOfflineCache(status: OfflineStatusReply, onProgress: (p: FillProgress) => void): Promise<number> {
  const missing = status.heavy.filter((f) => !f.cached);
  const totalBytes = missing.reduce((n, f) => n + f.bytes, 0);
  const cache = await caches.open(status.offlineCache);
  let doneBytes = 0;
  for (const file of missing) {
    // "ort-wasm-simd-threaded.asyncify-D5D0fo7z.wasm" -> "ort-wasm-simd-threaded.asyncify.wasm": no build hash.
    const name = (new URL(file.url).pathname.split('/').pop() ?? file.url).replace(/-[\w-]{8}(?=\.\w+$)/, '');
    // Hashed names never change content, so the HTTP cache may answer; other files are revalidated.
    const hashed = file.cacheKey === file.url;
    const response = await fetch(file.url, { headers: { [FILL_HEADER]: '1' }, cache: hashed ? 'default' : 'no-cache' });
    if (!response.ok || !response.body) throw new Error(`Could not download ${name} (HTTP ${response.status}).`);
    const [toCache, toCount] = response.body.tee();
    const stored = cache.put(file.cacheKey, new Response(toCache, { status: response.status, statusText: response.statusText, headers: response.headers }));
    const reader = toCount.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      doneBytes += value.byteLength;
      // Build-time sizes can differ from bytes on the wire; never report more than 100 %.
      onProgress({ doneBytes: Math.min(doneBytes, totalBytes), totalBytes, file: name });
    }
    await stored;
  }
  return doneBytes;
}

/** Removes the stored heavy files (the app shell stays, so the site still opens and can download them again). */
export async function clearOfflineCache(): Promise<boolean> {
  return 'caches' in globalThis ? caches.delete(OFFLINE_CACHE) : false;
}
