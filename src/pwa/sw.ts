// ModelLab's service worker, built by vite-plugin-pwa (injectManifest: it replaces `self.__WB_MANIFEST` below with
// the list of files the build emitted). Three jobs:
// 1. Offline: store the app shell on install, serve every stored file from Cache Storage (heavy files only once
//    the page has put them there, see precache-plan.ts).
// 2. Threads on static hosts: add COOP/COEP/CORP to every same-origin response, since GitHub Pages cannot.
// 3. Answer the page's "what is stored?" question for the offline panel.
// No workbox runtime: our fetch handler must rewrite headers on every response, which is a dozen lines by hand.
import { FILL_HEADER, OFFLINE_CACHE, SHELL_CACHE_PREFIX, findPlanned, planPrecache, withIsolationHeaders, type PlannedFile, type PrecacheEntry } from './precache-plan';
import type { SwReply, SwRequest } from './protocol';

const sw = self as unknown as ServiceWorkerGlobalScope;
const plan = planPrecache((self as unknown as { __WB_MANIFEST: PrecacheEntry[] }).__WB_MANIFEST, sw.location.href);

sw.addEventListener('install', (event) => {
  // Take over at once: the page reloads itself once to become cross-origin isolated (src/pwa/register.ts).
  event.waitUntil(storeShell().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(dropOldBuilds().then(() => sw.clients.claim()));
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== sw.location.origin) return;
  if (request.headers.has(FILL_HEADER)) {
    event.respondWith(fetch(request));
    return;
  }
  event.respondWith(respond(request).then(withIsolationHeaders));
});

sw.addEventListener('message', (event) => {
  const port = event.ports[0];
  const message = event.data as SwRequest | undefined;
  if (!port || message?.type !== 'offline-status') return;
  event.waitUntil(
    offlineStatus().then(
      (reply) => port.postMessage(reply satisfies SwReply),
      (e: unknown) => port.postMessage({ type: 'error', message: String(e) } satisfies SwReply),
    ),
  );
});

async function respond(request: Request): Promise<Response> {
  const file = findPlanned(plan, request.url);
  if (file) {
    const cached = await caches.match(file.cacheKey, { cacheName: file.heavy ? OFFLINE_CACHE : plan.shellCache });
    if (cached) return cached;
  }
  try {
    return await fetch(request);
  } catch (e) {
    // Offline and the page asked for a URL we do not know (e.g. ?lang=zh on a directory): serve the app.
    if (request.mode === 'navigate') {
      const index = findPlanned(plan, new URL('./', sw.location.href).href);
      const page = index && (await caches.match(index.cacheKey, { cacheName: plan.shellCache }));
      if (page) return page;
    }
    throw e;
  }
}

async function storeShell(): Promise<void> {
  const cache = await caches.open(plan.shellCache);
  await Promise.all(
    plan.shell.map(async (file) => {
      if (await cache.match(file.cacheKey)) return;
      // 'no-cache' revalidates with the server: an old index.html from the HTTP cache must not enter a new build.
      const response = await fetch(file.url, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`Could not store ${file.url} for offline use (HTTP ${response.status}).`);
      await cache.put(file.cacheKey, response);
    }),
  );
}

/** Deletes shell caches of other builds and heavy files this build no longer uses. */
async function dropOldBuilds(): Promise<void> {
  for (const name of await caches.keys()) {
    if (name.startsWith(SHELL_CACHE_PREFIX) && name !== plan.shellCache) await caches.delete(name);
  }
  if (!(await caches.has(OFFLINE_CACHE))) return;
  const offline = await caches.open(OFFLINE_CACHE);
  const keep = new Set(plan.heavy.map((f) => f.cacheKey));
  for (const request of await offline.keys()) {
    if (!keep.has(request.url)) await offline.delete(request);
  }
}

async function offlineStatus(): Promise<SwReply> {
  const isStored = async (file: PlannedFile, cacheName: string) => (await caches.match(file.cacheKey, { cacheName })) !== undefined;
  const shell = await Promise.all(plan.shell.map((f) => isStored(f, plan.shellCache)));
  const heavy = await Promise.all(plan.heavy.map(async (f) => ({ ...f, cached: await isStored(f, OFFLINE_CACHE) })));
  return { type: 'offline-status', version: plan.version, shellReady: shell.every(Boolean), offlineCache: OFFLINE_CACHE, heavy };
}
