// GitHub Pages: a project site lives under /<repository>/ and cannot send COOP/COEP headers. Built with
// BASE_PATH=/modellab/ into dist-pages/ (npm run build:pages), served without the isolation headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_STROKES, drawDigit } from './draw';
import { bothReady, topLabel } from './lab-page';
import { serviceWorkerScope, waitForIsolation, wasmThreads } from './pwa';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite({ isolation: false, root: 'dist-pages', basePath: '/modellab/' });
});
afterAll(async () => site?.close());

describe('GitHub Pages-like hosting under /modellab/ without isolation headers', () => {
  it('reloads once through the service worker, becomes cross-origin isolated and runs WASM with threads', async () => {
    const page = await site.context.newPage();
    const navigations: string[] = [];
    // Document loads only: the permalink updates the hash with history.replaceState, which is no reload.
    page.on('domcontentloaded', () => navigations.push(page.url()));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(site.server.url);
    expect(site.server.url).toMatch(/\/modellab\/$/);
    // The first load is not isolated, so the page must reload once when the worker takes control. Wait for that
    // reload's document (its DOMContentLoaded) before evaluating anything: an evaluate during it dies with the old one.
    await expect.poll(() => navigations.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);

    expect(await serviceWorkerScope(page)).toBe(site.server.url);
    await waitForIsolation(page);
    await bothReady(page);
    await expect.poll(() => wasmThreads(page), { timeout: 60_000 }).toBeGreaterThan(1);
    expect(navigations).toHaveLength(2); // the first load, and exactly one reload

    await drawDigit(page, DIGIT_STROKES['7']);
    expect(await topLabel(page, 'left')).toBe('7');
    // Every file came from under the base path (a root-relative URL would 404 on Pages).
    expect(requests.filter((u) => !u.startsWith(site.server.url))).toEqual([]);

    // Later visits are isolated from the first response: no more reloads.
    await page.reload();
    await bothReady(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(navigations).toHaveLength(3);
    await page.close();
  }, 25_000);

  it('a new tab is isolated at once, and the sub-path without a slash still works', async () => {
    const page = await site.context.newPage();
    await page.goto(site.server.url.replace(/\/$/, ''));
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await bothReady(page);
    expect(await wasmThreads(page)).toBeGreaterThan(1);
    await page.close();
  }, 10_000);

  it('deletes saved data from the offline panel and says what it deleted', async () => {
    const page = await site.context.newPage();
    await page.goto(site.server.url);
    await bothReady(page);
    await page.getByText('Storage and saved data').click();
    await expect.poll(() => page.getByTestId('storage-estimate').textContent()).toMatch(/Storage used by this site: .+ of .+ allowed/);
    await page.getByTestId('delete-data').click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => page.getByTestId('delete-result').textContent()).toMatch(/Deleted the saved variants, benchmark history and uploaded models/);
    expect(await page.getByTestId('saved-counts').textContent()).toMatch(/compressed variants: 0 · benchmark results: 0 · uploaded models: 0/);
    expect(await page.getByTestId('store-message').count()).toBe(0); // IndexedDB works here: results are remembered
    await page.close();
  }, 10_000);
});
