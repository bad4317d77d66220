// What the service worker stores, and under which cache keys. Pure functions (no service-worker globals) so the
// page, the worker and unit tests share one definition.
//
// Two groups, on purpose:
// - the app shell (HTML, JS, CSS: a few hundred KB) is stored when the service worker installs, so the page
//   itself always opens offline once it has been visited;
// - the heavy files (ORT's ~27 MB wasm, the .onnx models, the eval sets) are stored only when the user presses
//   "Make available offline": nobody downloads 30 MB twice just by visiting.

/** One entry of the list vite-plugin-pwa injects as `self.__WB_MANIFEST` (see manifestTransforms in vite.config.ts). */
export interface PrecacheEntry {
  url: string;
  /** null for file names that already contain a content hash. */
  revision: string | null;
  /** File size in bytes at build time (added by our manifest transform; used for the progress bar). */
  bytes?: number;
}

export interface PlannedFile {
  /** Absolute URL the app requests. */
  url: string;
  /** Key in Cache Storage: the URL, plus the revision when the name has no hash, so a changed file gets a new key. */
  cacheKey: string;
  bytes: number;
  heavy: boolean;
}

export interface PrecachePlan {
  /** Changes whenever any file changes: names the shell cache, so an update never mixes two builds. */
  version: string;
  shellCache: string;
  shell: PlannedFile[];
  heavy: PlannedFile[];
}

export const SHELL_CACHE_PREFIX = 'modellab-shell-';
/** Holds the heavy files; entries of older builds are pruned when a new service worker activates. */
export const OFFLINE_CACHE = 'modellab-offline';
/** Header the page adds when it fills the offline cache itself, so the service worker just passes the request on. */
export const FILL_HEADER = 'x-modellab-offline-fill';

const HEAVY = /\.(wasm|onnx|ort|bin)$/i;
const CODE = /\.(html|js|mjs|css)$/i;
/** Data files (eval sets as JSON, model cards) above this size wait for the button too. */
export const HEAVY_DATA_BYTES = 256 * 1024;

/** Runtime, models and big data files are heavy; code is never heavy (the page must open offline). */
export function isHeavy(url: string, bytes = 0): boolean {
  const path = new URL(url, 'http://x/').pathname;
  return HEAVY.test(path) || (!CODE.test(path) && bytes > HEAVY_DATA_BYTES);
}

export function planPrecache(entries: readonly PrecacheEntry[], swUrl: string): PrecachePlan {
  const files = entries.map((e): PlannedFile => {
    const url = new URL(e.url, swUrl);
    url.hash = '';
    const cacheKey = new URL(url);
    if (e.revision) cacheKey.searchParams.set('__rev', e.revision);
    return { url: url.href, cacheKey: cacheKey.href, bytes: e.bytes ?? 0, heavy: isHeavy(url.href, e.bytes) };
  });
  const version = fnv1a(entries.map((e) => `${e.url} ${e.revision ?? ''}`).sort().join('\n'));
  return {
    version,
    shellCache: SHELL_CACHE_PREFIX + version,
    shell: files.filter((f) => !f.heavy),
    heavy: files.filter((f) => f.heavy),
  };
}

/** Finds the planned file a request is for: ignores query and hash; a directory means its index.html. */
export function findPlanned(plan: PrecachePlan, requestUrl: string): PlannedFile | undefined {
  const url = new URL(requestUrl);
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  return plan.shell.find((f) => f.url === url.href) ?? plan.heavy.find((f) => f.url === url.href);
}

/**
 * The headers GitHub Pages cannot send: with them the page is cross-origin isolated, SharedArrayBuffer exists and
 * ORT runs WASM with several threads (the coi-serviceworker technique). Opaque responses cannot be rebuilt.
 */
export function withIsolationHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  // A 1xx/204/304 status cannot carry a body; new Response() throws for them with a non-null body.
  const body = [101, 204, 205, 304].includes(response.status) ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** 32-bit FNV-1a as 8 hex digits: enough to tell builds apart, and synchronous (install must not wait on crypto). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
