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
  it('a full session (load, draw, switch to WebGPU, compress, benchmark) stays on the site origin, under the CSP', async () => {
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
    // The switch re-runs the drawn 3 on WebGPU (seconds on the software adapter).
    await expect.poll(() => text(page, 'run-latency-left'), { timeout: 90_000 }).toMatch(/ms · webgpu/);
    expect(await topLabel(page, 'left')).toBe('3');

    // Measure on the right pane (int8 on WASM): Measure also scores the 2,000 eval digits, which the software
    // WebGPU adapter here would take minutes for.
    await page.getByTestId('measure-right').click();
    await expect.poll(() => text(page, 'latency-right'), { timeout: 120_000 }).toMatch(/ms\s*p95 .* ms/);
    await paneReady(page, 'right', 120_000);

    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    const foreign = [...requests, ...log.requests, ...resources].filter((u) => !/^(blob|data):/.test(u) && new URL(u).origin !== origin);
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(3);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(log.errors).toEqual([]);
  }, 240_000);
});
