// Small settings and saved slides kept in localStorage under one prefix, so they work offline, survive a reload
// and "Delete all data" can remove every one of them. Storage that is missing, full or refused (private
// browsing) loses nothing the page holds: reads fall back and writes report false.
const PREFIX = 'modellab.';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // a SecurityError when site data is blocked
  }
}

/** The stored value, or `fallback` when there is none or it does not parse. */
export function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = storage()?.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function writeJson(key: string, value: unknown): boolean {
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch {
    return false; // QuotaExceededError
  }
}

/** Removes every ModelLab key (for "Delete all data"). */
export function forgetAllJson(): void {
  const s = storage();
  if (!s) return;
  const keys = Array.from({ length: s.length }, (_, i) => s.key(i));
  for (const key of keys) if (key?.startsWith(PREFIX)) s.removeItem(key);
}
