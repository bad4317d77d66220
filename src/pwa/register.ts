// Page side of the service worker: registration under the site's base path, and the one-time reload that makes
// the page cross-origin isolated on hosts that cannot send COOP/COEP themselves (GitHub Pages).

/** `reason` names a message in OFFLINE_TEXT (src/ui/state/offline.svelte.ts); `detail` fills its {why}. */
export type Registration =
  | { kind: 'registered'; registration: ServiceWorkerRegistration }
  | { kind: 'unsupported'; reason: 'offline.devServer' | 'offline.unsupported'; detail?: undefined }
  | { kind: 'failed'; reason: 'offline.registerFailed'; detail: string };

const RELOAD_FLAG = 'modellab:isolation-reload';

/** Where the site lives: BASE_URL is './' for relative builds, '/modellab/' for GitHub Pages builds. */
export function siteBase(): URL {
  return new URL(import.meta.env.BASE_URL, location.href);
}

export async function registerServiceWorker(): Promise<Registration> {
  // The dev server sends the isolation headers itself and rebuilds files on every edit: no SW there.
  if (import.meta.env.DEV) return { kind: 'unsupported', reason: 'offline.devServer' };
  if (!('serviceWorker' in navigator)) return { kind: 'unsupported', reason: 'offline.unsupported' };
  try {
    const base = siteBase();
    const registration = await navigator.serviceWorker.register(new URL('sw.js', base), { scope: base.pathname });
    return { kind: 'registered', registration };
  } catch (e) {
    return { kind: 'failed', reason: 'offline.registerFailed', detail: (e as Error).message };
  }
}

/**
 * Reloads the page once when a service worker controls it but the page is not cross-origin isolated: the reload's
 * responses come through the worker, with the headers. A sessionStorage flag stops a reload loop where isolation
 * cannot work (an old browser, a host that sends conflicting headers). `onUpdate` hears about new builds.
 */
export function reloadOnceForIsolation(registration: ServiceWorkerRegistration, onUpdate: () => void): void {
  if (crossOriginIsolated) clearFlag();
  let hadController = navigator.serviceWorker.controller !== null;
  const reloadIfNeeded = () => {
    if (crossOriginIsolated || readFlag()) return;
    if (!setFlag()) return; // without sessionStorage we could loop: stay single-threaded instead
    location.reload();
  };
  // Controlled but not isolated; or an active worker that does not control us (a hard reload bypasses it).
  if (hadController || registration.active) reloadIfNeeded();
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController && crossOriginIsolated) onUpdate();
    else reloadIfNeeded();
    hadController = true;
  });
}

/** True when this page already reloaded for isolation and still is not isolated. */
export function isolationFailed(): boolean {
  return !crossOriginIsolated && readFlag();
}

function readFlag(): boolean {
  try {
    return sessionStorage.getItem(RELOAD_FLAG) === '1';
  } catch {
    return true;
  }
}

function setFlag(): boolean {
  try {
    sessionStorage.setItem(RELOAD_FLAG, '1');
    return true;
  } catch {
    return false;
  }
}

function clearFlag(): void {
  try {
    sessionStorage.removeItem(RELOAD_FLAG);
  } catch {
    /* nothing to clear */
  }
}
