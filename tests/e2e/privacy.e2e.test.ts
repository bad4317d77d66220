// Privacy: the built site declares a Content-Security-Policy that keeps every request on its own origin, ORT's
// WASM and WebGPU backends still work under it, and a full session never contacts another origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_STROKES, drawDigit } from './draw';
import { bothReady, paneReady, text, topLabel } from './lab-page';
import { startSite, type Site } from './site';
import { watchPage } from './browser';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

describe('privacy', () => {
  it('a full session (load, draw, switch to WebGPU, benchmark) stays on the site origin, under the CSP', async () => {
    const origin = new URL(site.server.url).origin;
    // Context-level events also see requests from workers and the service worker, not only the page.
    const requests: string[] = [];
    site.context.on('request', (r) => requests.push(r.url()));
    const page = await site.context.newPage();
    const log = watchPage(page);
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(site.server.url);

    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' blob: data:");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");

    await bothReady(page);
    await drawDigit(page, DIGIT_STROKES['3']);
    expect(await topLabel(page, 'left')).toBe('3');

    const webgpu = page.getByTestId('backend-left-webgpu');
    await expect.poll(() => webgpu.isEnabled(), { timeout: 30_000 }).toBe(true);
    await webgpu.check();
    await paneReady(page, 'left');
    await expect.poll(() => text(page, 'loaded-left'), { timeout: 90_000 }).toMatch(/WebGPU/);
    await page.getByTestId('clear').click();
    await drawDigit(page, DIGIT_STROKES['7']);
    expect(await topLabel(page, 'left')).toBe('7');
    expect(await text(page, 'run-latency-left')).toMatch(/ms · webgpu/);

    await page.getByTestId('measure-left').click();
    await expect.poll(() => text(page, 'latency-left'), { timeout: 120_000 }).toMatch(/median .* ms · p95 .* ms/);
    await paneReady(page, 'left', 120_000);

    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    const foreign = [...requests, ...log.requests, ...resources].filter((u) => !/^(blob|data):/.test(u) && new URL(u).origin !== origin);
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(3);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
