// Offline at a pitch: visit once on a GitHub Pages-like host, press "Make available offline", lose the network,
// reload, and still compress and run the model (with WASM threads).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_STROKES, drawDigit } from './draw';
import { bothReady, text, topLabel } from './lab-page';
import { waitForIsolation, wasmThreads } from './pwa';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite({ isolation: false, root: 'dist-pages', basePath: '/modellab/' });
});
afterAll(async () => site?.close());

describe('offline use', () => {
  it('"Delete all data" can also remove the offline copy, and says so', async () => {
    const page = await site.context.newPage();
    await page.goto(site.server.url);
    await waitForIsolation(page);
    await page.locator('[data-testid="offline-panel"][data-state="online-only"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('make-offline').click();
    await page.locator('[data-testid="offline-panel"][data-state="ready"]').waitFor({ timeout: 120_000 });

    await page.getByText('Storage and saved data').click();
    await page.getByTestId('delete-offline-copy').check();
    await page.getByTestId('delete-data').click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => page.getByTestId('delete-result').textContent()).toMatch(/and the offline copy/);
    await page.locator('[data-testid="offline-panel"][data-state="online-only"]').waitFor();
    expect(await page.evaluate(() => caches.has('modellab-offline'))).toBe(false);
    // The app shell stays stored (the page still opens), only the big files went.
    expect((await page.evaluate(() => caches.keys())).some((name) => name.startsWith('modellab-shell-'))).toBe(true);
    await page.close();
  }, 20_000);

  it('downloads everything with progress, then compresses and runs a model with the network cut', async () => {
    const page = await site.context.newPage();
    await page.goto(site.server.url);
    await waitForIsolation(page);
    await bothReady(page);
    await expect.poll(() => wasmThreads(page), { timeout: 60_000 }).toBeGreaterThan(1);

    await page.locator('[data-testid="offline-panel"][data-state="online-only"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('offline-panel').textContent()).toMatch(/Download \d+(\.\d)? MB once/);
    // The progress bar must show partial progress at some point (it counts real bytes; it is not a spinner).
    const sawProgress = page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="offline-progress"]');
      return bar !== null && bar.value > 0 && bar.value < 1;
    }, undefined, { timeout: 120_000, polling: 20 });
    await page.getByTestId('make-offline').click();
    await sawProgress;
    await page.locator('[data-testid="offline-panel"][data-state="ready"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('offline-status').textContent()).toBe('Ready offline');
    expect(await page.getByTestId('storage-estimate').textContent()).toMatch(/Storage used by this site: \d+(\.\d)? MB/);
    const stored = await page.evaluate(async () => (await (await caches.open('modellab-offline')).keys()).map((r) => new URL(r.url).pathname));
    expect(stored.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(stored.filter((p) => p.endsWith('.onnx')).length).toBeGreaterThan(0);

    // Cut the network: the browser is offline and the server is gone.
    await site.context.setOffline(true);
    await site.server.close();

    await page.reload();
    // The right pane compresses the model (its default recipe) on load: that ran offline too.
    await bothReady(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await wasmThreads(page)).toBeGreaterThan(1);
    const left = Number(await page.getByTestId('size-left').getAttribute('data-raw'));
    const right = Number(await page.getByTestId('size-right').getAttribute('data-raw'));
    expect(right).toBeGreaterThan(0);
    expect(right).toBeLessThan(left);
    await drawDigit(page, DIGIT_STROKES['7']);
    expect(await topLabel(page, 'left')).toBe('7');
    expect(await topLabel(page, 'right')).toBe('7');
    expect(await text(page, 'run-latency-left')).toMatch(/ms · wasm ×[2-9]/);

    // A fresh tab opened while offline works too.
    const tab = await site.context.newPage();
    await tab.goto(site.server.url);
    await bothReady(tab);
    await drawDigit(tab, DIGIT_STROKES['1']);
    expect(await topLabel(tab, 'left')).toBe('1');
    expect(await tab.locator('[data-testid="offline-panel"][data-state="ready"]').count()).toBe(1);
  }, 60_000);
});
