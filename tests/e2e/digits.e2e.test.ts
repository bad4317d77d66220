// Issue 2's walking skeleton as a person uses it: draw a digit, see top-3 and latency, switch backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_STROKES, drawDigit } from './draw';
import { bothReady, paneReady, text, topLabel } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

describe('digit classifier in the browser', () => {
  it('classifies digits drawn with the mouse on WASM threads, showing top-3 and latency', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await text(page, 'loaded-left')).toMatch(/WASM, [2-9] threads/);
    for (const digit of ['1', '7', '0', '3']) {
      await page.getByTestId('clear').click();
      await drawDigit(page, DIGIT_STROKES[digit]);
      expect(await topLabel(page, 'left'), `drawn ${digit}`).toBe(digit);
      expect(await page.getByTestId('pane-left').locator('[data-testid="predictions"] li').count()).toBe(3);
      expect(await text(page, 'run-latency-left')).toMatch(/^this one run: \d+(\.\d+)? ms · wasm ×\d/);
    }
    expect(log.errors).toEqual([]);
  }, 35_000);

  it('says so when a tap leaves no readable digit, and keeps working', async () => {
    const { page } = await site.open();
    await bothReady(page);
    const pad = (await page.getByTestId('digit-pad').boundingBox())!;
    await page.mouse.click(pad.x + pad.width / 2, pad.y + pad.height / 2);
    await expect.poll(() => text(page, 'input-error')).toMatch(/too small to read/);
    await page.getByTestId('clear').click();
    await drawDigit(page, DIGIT_STROKES['7']);
    expect(await topLabel(page, 'left')).toBe('7');
    expect(await page.getByTestId('input-error').count()).toBe(0);
  }, 15_000);

  it('measures median and p95 latency and accuracy on the 2,000 held-out digits', async () => {
    const { page } = await site.open();
    await bothReady(page);
    await page.getByTestId('measure-left').click();
    await expect.poll(() => text(page, 'latency-left'), { timeout: 90_000 }).toMatch(/[\d.]+ ms\s*p95 [\d.]+ ms · 30 runs/);
    // It says what it timed (nothing is drawn: the first eval digit) and how it warmed up, settled or not.
    const method = page.getByTestId('latency-method-left');
    expect(await method.textContent()).toMatch(/median of 30 timed runs on eval sample 1 \(1×1×28×28\)(, after warm-up until the times settled|; the times had not settled after) .*\d+ runs/);
    expect(await method.textContent()).toMatch(/fp32 was warmed up first \(\d+\.\d s\)/);
    await expect.poll(() => text(page, 'quality-left'), { timeout: 90_000 }).toMatch(/9\d\.\d\d%\s*95% CI [\d.]+%–[\d.]+% · n = 2000/);
  }, 20_000);

  it('runs the same model on WebGPU (software adapter here) and gets the same answer', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    const webgpu = page.getByTestId('backend-left-webgpu');
    await expect.poll(() => webgpu.isEnabled(), { timeout: 30_000 }).toBe(true);
    await webgpu.check();
    await paneReady(page, 'left');
    await expect.poll(() => text(page, 'loaded-left'), { timeout: 60_000 }).toMatch(/WebGPU/);
    await drawDigit(page, DIGIT_STROKES['7']);
    expect(await topLabel(page, 'left')).toBe('7');
    expect(await text(page, 'run-latency-left')).toMatch(/ms · webgpu/);
    expect(log.errors).toEqual([]);
  }, 30_000);
});
