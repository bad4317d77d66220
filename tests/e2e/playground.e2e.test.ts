// Issue 5's comparison playground as a workshop teacher uses it: set up two recipes with the controls, draw,
// measure, share a link, switch language, export results (JSON re-read, PNG card), and follow the tour.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { DIGIT_STROKES, drawDigit } from './draw';
import { bothReady, paneReady, text, topLabel } from './lab-page';
import { startSite, type Site } from './site';
import { parseResults } from '../../src/ui/export/results';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

async function downloaded(page: Page, testId: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testId).click()]);
  return { download, bytes: readFileSync((await download.path())!) };
}

const steps = (page: Page, side: 'left' | 'right') => page.locator(`[data-testid="recipe-${side}"] li.step`);

describe('comparison playground', () => {
  it('compares fp32 with structured pruning, shares the view, exports results and runs the tour', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('model-digits-cnn').click();
    await bothReady(page);

    // Right pane: replace the default technique with structured pruning at 50%, using the recipe controls.
    while (await steps(page, 'right').count()) await steps(page, 'right').first().locator('button.link').click();
    await page.getByTestId('add-step-right').selectOption('prune-structured');
    const rate = page.getByTestId('opt-right-prune-structured-rate');
    await rate.focus();
    for (let i = 0; i < 5; i++) await rate.press('ArrowRight'); // 25% + 5 × 5%
    expect(await rate.inputValue()).toBe('50');
    await page.getByTestId('apply-right').click();
    await paneReady(page, 'right');

    await drawDigit(page, DIGIT_STROKES['7']);
    expect(await topLabel(page, 'left')).toBe('7');
    expect(await topLabel(page, 'right')).toMatch(/^\d$/);

    await page.getByTestId('measure-left').click();
    await page.getByTestId('measure-right').click();
    for (const side of ['left', 'right'] as const) {
      await expect.poll(() => text(page, `quality-${side}`), { timeout: 90_000 }).toMatch(/\d+\.\d\d%\s*95% CI [\d.]+%–[\d.]+% · n = 2000/);
      await paneReady(page, side);
    }
    const raw = async (side: string) => Number(await page.getByTestId(`size-${side}`).getAttribute('data-raw'));
    expect(await raw('right')).toBeLessThan(await raw('left'));

    // Copy link -> a new page opens the same comparison.
    await page.getByTestId('copy-link').click();
    const link = await page.getByTestId('permalink-field').inputValue();
    expect(link).toMatch(/#m=digits-cnn&a=.*&b=.*prune-structured/);
    const copy = await site.context.newPage();
    await copy.goto(link);
    await bothReady(copy);
    expect(await steps(copy, 'left').count()).toBe(0);
    expect(await steps(copy, 'right').getAttribute('data-transform')).toBe('prune-structured');
    expect(await copy.getByTestId('opt-right-prune-structured-rate').inputValue()).toBe('50');
    await copy.close();

    // Results as JSON: re-read the file and check it holds what the page shows.
    const json = parseResults((await downloaded(page, 'export-json')).bytes.toString('utf8'));
    expect(json.model.id).toBe('digits-cnn');
    expect(json.panes[0].recipe).toEqual([]);
    expect(json.panes[1].recipe).toEqual([{ transform: 'prune-structured', options: { rate: 50, norm: 'l1' } }]);
    for (const [i, side] of (['left', 'right'] as const).entries()) {
      const pane = json.panes[i];
      expect(pane.size!.raw).toBe(await raw(side));
      expect(pane.latency!.medianMs).toBe(Number(await page.getByTestId(`latency-${side}`).getAttribute('data-median')));
      expect(pane.metric!.value).toBe(Number(await page.getByTestId(`quality-${side}`).getAttribute('data-value')));
      expect(pane.metric!.n).toBe(2000);
      expect(pane.backend).toBe('wasm');
    }
    const csv = (await downloaded(page, 'export-csv')).bytes.toString('utf8').split('\r\n');
    expect(csv[0]).toMatch(/^side,model,recipe,backend,threads,raw_bytes/);
    expect(csv[2]).toMatch(/^right,digits-cnn,"prune-structured\(rate=50, norm=l1\)",wasm,/);

    // Results card for a slide: a real PNG with content.
    const card = await downloaded(page, 'export-card');
    expect(card.download.suggestedFilename()).toMatch(/^modellab-digits-cnn-.*\.png$/);
    expect([...card.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(card.bytes.length).toBeGreaterThan(10_000);
    expect(card.bytes.readUInt32BE(16)).toBe(1600); // IHDR width
    expect(card.bytes.readUInt32BE(20)).toBe(900);

    // Chinese UI.
    await page.getByTestId('language').selectOption('zh');
    expect(await text(page, 'measure-left')).toBe('测量');
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5_000 }).toMatch(/lang=zh/);
    await page.getByTestId('language').selectOption('en');

    // The tour's first two steps set up both panes.
    await page.getByTestId('tab-tour').click();
    await page.getByTestId('tour-start').click();
    expect(await page.getByTestId('tour-title').getAttribute('data-step')).toBe('baseline');
    await expect.poll(() => steps(page, 'right').count()).toBe(0);
    await bothReady(page);
    expect(await steps(page, 'left').count()).toBe(0);
    await page.getByTestId('tour-next').click();
    expect(await page.getByTestId('tour-title').getAttribute('data-step')).toBe('fp16');
    await expect.poll(() => steps(page, 'right').getAttribute('data-transform')).toBe('fp16');
    await expect.poll(() => page.getByTestId('tour-next').isEnabled(), { timeout: 60_000 }).toBe(true);
    await bothReady(page);
    expect(await steps(page, 'left').count()).toBe(0);
    expect(await topLabel(page, 'right')).toBe('7'); // the drawing stays; fp16 still reads it
    expect(log.errors).toEqual([]);
  }, 180_000);
});
