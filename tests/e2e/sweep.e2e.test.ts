// Issue 5's Sweep view as a person uses it: pick three recipes, run them on the digits model, read sizes,
// accuracies and the chart, load one into the right pane, and export the results as CSV.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothReady, paneReady } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

const PICKED = ['fp32', 'int8-dynamic', 'prune-structured-50'];

describe('sweep view', () => {
  it('runs a small matrix, charts it, loads a recipe into the right pane and exports CSV', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('sweep-panel').waitFor();

    await page.getByTestId('sweep-none').click();
    for (const id of PICKED) await page.getByTestId(`sweep-check-${id}`).check();
    await page.getByTestId('sweep-runs').fill('5');
    await page.getByTestId('sweep-eval-limit').fill('300');
    const run = page.getByTestId('sweep-run');
    await expect.poll(() => run.textContent()).toMatch(/\(3 recipes\)/);
    await run.click();

    const rows = page.locator('[data-testid^="sweep-result-"]');
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(3);
    await expect.poll(() => run.isEnabled(), { timeout: 30_000 }).toBe(true);
    const row = (id: string) => page.getByTestId(`sweep-result-${id}`);
    const raw = async (id: string) => Number(await row(id).getAttribute('data-raw'));
    for (const id of PICKED) expect(await row(id).getAttribute('data-status'), id).toBe('ok');
    expect(await raw('int8-dynamic')).toBeLessThan(await raw('fp32'));
    expect(await raw('prune-structured-50')).toBeLessThan(await raw('fp32'));
    for (const id of PICKED) {
      expect(await page.getByTestId(`sweep-quality-${id}`).textContent(), id).toMatch(/\d+\.\d\d%\s*n = 300 of 2000, 95% CI/);
      expect(await row(id).getAttribute('data-n')).toBe('300');
    }
    expect(Number(await row('fp32').getAttribute('data-value'))).toBeGreaterThan(0.9);

    const chart = page.getByTestId('sweep-chart');
    expect(await chart.getAttribute('data-points')).toBe('3');
    expect(Number(await chart.getAttribute('data-front'))).toBeGreaterThanOrEqual(1);
    // Something was drawn: the canvas is not one flat colour.
    const colours = await chart.evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(2);
    // Switching the language redraws the chart (axis titles, legend, point names), not just the page around it.
    const pixels = () => chart.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const english = await pixels();
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => chart.textContent()).toMatch(/散点图/);
    await expect.poll(pixels).not.toBe(english);
    await page.getByTestId('language').selectOption('en');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sweep-export-csv').click()]);
    expect(download.suggestedFilename()).toBe('modellab-sweep-digits-cnn.csv');
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,label,recipe,status/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(PICKED);
    if (process.env.SWEEP_LOG) console.log(csv);
    // The chart's keyboard equivalent: a button per row. The panes live in the Compare tab.
    await page.getByTestId('sweep-load-int8-dynamic').click();
    await expect.poll(() => page.getByTestId('sweep-loaded').textContent()).toMatch(/int8 dynamic/);
    await page.getByTestId('tab-compare').click();
    await paneReady(page, 'right');
    const steps = page.locator('[data-testid="recipe-right"] [data-transform]');
    expect(await steps.count()).toBe(1);
    expect(await steps.first().getAttribute('data-transform')).toBe('int8-dynamic');
    expect(log.errors).toEqual([]);
  }, 30_000);

  it('cancels mid-sweep, keeps the rows already measured, and runs again afterwards', async () => {
    const { page } = await site.open();
    await bothReady(page);
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('sweep-eval-limit').fill('100');
    await page.getByTestId('sweep-runs').fill('3');
    await page.getByTestId('sweep-run').click();
    const rows = page.locator('[data-testid^="sweep-result-"]');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('sweep-cancel').click();
    await page.getByTestId('sweep-cancelled').waitFor();
    const kept = await rows.count();
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(15);
    expect(await page.getByTestId('sweep-progress').count()).toBe(0);

    await page.getByTestId('sweep-none').click();
    await page.getByTestId('sweep-check-fp32').check();
    await page.getByTestId('sweep-run').click();
    await expect.poll(() => page.getByTestId('sweep-result-fp32').getAttribute('data-status'), { timeout: 60_000 }).toBe('ok');
    expect(await rows.count()).toBe(1);
    expect(await page.getByTestId('sweep-cancelled').count()).toBe(0);
  }, 45_000);
});
