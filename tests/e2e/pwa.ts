// Helpers for the offline / GitHub Pages / privacy E2E tests: the service worker, cross-origin isolation after
// its one-time reload, and the WASM thread count a pane reports.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { text } from './lab-page';

/** Scope of the active service worker once it controls the page. */
export async function serviceWorkerScope(page: Page): Promise<string> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null).catch(() => false), { timeout: 60_000 }).toBe(true);
  return page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
}

/** True once the page is cross-origin isolated (evaluate fails while the page reloads: keep polling). */
export async function waitForIsolation(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 60_000 }).toBe(true);
}

/** WASM threads a pane says its model runs on (0 before it is loaded on WASM). */
export async function wasmThreads(page: Page, side: 'left' | 'right' = 'left'): Promise<number> {
  const match = /WASM, (\d+) thread/.exec(await text(page, `loaded-${side}`).catch(() => ''));
  return match ? Number(match[1]) : 0;
}
