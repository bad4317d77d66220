// The Scale lab as a person uses it, in headless Chromium on the built site (the app's own ORT bundle): measure
// the smallest encoder with int8 and int4 and the smallest decoder with "int4 download, run as int8", read the
// chart, verdicts and table; a shape that cannot fit is refused before any worker starts; cancel keeps the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, type Site } from './site';
import type { Page } from './browser';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

async function choose(page: Page, points: string[], recipes: string[]) {
  await page.getByTestId('scale-points-none').click();
  await page.getByTestId('scale-recipes-none').click();
  for (const id of points) await page.getByTestId(`scale-point-${id}`).check();
  for (const id of recipes) await page.getByTestId(`scale-recipe-${id}`).check();
}

const scaleWorkers = (page: Page) => page.workers().filter((w) => /scale\.worker/.test(w.url())).length;

describe('scale lab', () => {
  it('measures small points in the browser, charts the crossover and refuses a shape that does not fit', async () => {
    const { page, log } = await site.open();
    await page.getByTestId('tab-scale').click();
    await page.getByTestId('scale-panel').waitFor();
    expect(await page.getByTestId('scale-random-note').textContent()).toMatch(/quality is agreement with the fp32 model only/);

    // Bad input first: nothing is built, no worker starts, the message names the estimate and what to do.
    await page.getByText('Add your own shape').click();
    for (const [key, value] of Object.entries({ layers: 48, hidden: 4096, heads: 32, ffn: 16384, vocab: 50000, sequence: 128 })) {
      await page.getByTestId(`scale-custom-${key}`).fill(String(value));
    }
    await page.getByTestId('scale-custom-add').click();
    const message = page.getByTestId('scale-custom-message');
    expect(await message.textContent()).toMatch(/Refused before building anything: 9,\d{3},\d{3},\d{3} parameters need about \d+\.\d\d GB of WebAssembly memory.*at most 3\.60 GB/);
    await page.getByTestId('scale-custom-heads').fill('5');
    await page.getByTestId('scale-custom-add').click();
    expect(await message.textContent()).toMatch(/cannot be built: hidden \(4096\) must be a multiple of heads \(5\)/);
    expect(scaleWorkers(page)).toBe(0);
    expect(await page.getByTestId('scale-point-enc-large').isDisabled()).toBe(true); // BERT-large: shown, estimated, not offered

    // int4 as the file says (MatMulNBits, 4-bit embedding rows): what the app's ORT bundle must be able to load.
    await choose(page, ['enc-micro'], ['int4']);
    const run = page.getByTestId('scale-run');
    expect(await run.textContent()).toMatch(/Run 1 measurement\(s\)/);
    await run.click();
    const enc = page.getByTestId('scale-row-enc-micro-int4-1');
    await enc.waitFor({ timeout: 60_000 });
    await expect.poll(() => run.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await enc.getAttribute('data-status'), (await enc.textContent()) ?? '').toBe('ok');
    expect(Number(await enc.getAttribute('data-ratio'))).toBeGreaterThan(0);
    expect(await enc.textContent()).toMatch(/\(0\.\d\d×\)/); // download smaller than fp32
    expect(await enc.textContent()).toMatch(/int4; embedding rows expanded to fp32 at load/);
    expect(await page.getByTestId('scale-chart').getAttribute('data-points')).toBe('1');
    expect(await page.getByTestId('scale-verdicts').locator('li').count()).toBe(1);

    // A decoder: prefill and token-by-token generation, int4 expanded to int8 when loaded.
    await page.getByTestId('scale-kind-decoder').check();
    await choose(page, ['dec-micro'], ['int4-run-int8']);
    await run.click();
    const dec = page.getByTestId('scale-row-dec-micro-int4-run-int8-1');
    await dec.waitFor({ timeout: 60_000 });
    expect(await dec.getAttribute('data-status'), (await dec.textContent()) ?? '').toBe('ok');
    expect(await dec.textContent()).toMatch(/int8, expanded at load/);
    expect(await dec.textContent()).toMatch(/\d+\.\d → \d+\.\d/); // tokens/s, fp32 → recipe
    await page.getByTestId('scale-metric').selectOption('decode');
    expect(await page.getByTestId('scale-chart').getAttribute('data-points')).toBe('1');

    // Cancel mid-measurement: the notice shows, the rows stay, the page keeps working.
    await choose(page, ['dec-small'], ['fp32']);
    await run.click();
    await page.getByTestId('scale-progress').waitFor();
    await page.getByTestId('scale-cancel').click();
    await page.getByTestId('scale-cancelled').waitFor();
    expect(await dec.getAttribute('data-status')).toBe('ok');

    await page.getByTestId('language').selectOption('zh');
    expect(await page.locator('#scale-title').textContent()).toMatch(/规模实验/);
    expect(log.errors).toEqual([]);
  });
});
