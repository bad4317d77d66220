// Inputs per task: typed sentences for sentiment and language identification (shown with language names), and a typed line
// that is rendered to an image for the OCR model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothReady, paneReady, topLabel } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

describe('playground inputs', () => {
  it('identifies the language of a typed sentence in both panes, with language names in both UI languages', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('model-langid-50').click();
    await bothReady(page);
    await page.getByTestId('text-input').fill('Ich habe heute keine Zeit, weil ich arbeiten muss.');
    expect(await topLabel(page, 'left')).toBe('deu');
    expect(await topLabel(page, 'right')).toBe('deu');
    const first = page.getByTestId('pane-left').locator('[data-testid="predictions"] li .label').first();
    await expect.poll(() => first.textContent()).toMatch(/^German\s*deu$/);
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => first.textContent()).toMatch(/^德语\s*deu$/);
    expect(log.errors).toEqual([]);
  }, 20_000);

  it('classifies the sentiment of a typed review with the Transformer, in both panes', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('model-sentiment-transformer').click();
    await bothReady(page);
    await page.getByTestId('text-input').fill('The food was wonderful and the staff were very friendly.');
    expect(await topLabel(page, 'left')).toBe('positive');
    await page.getByTestId('text-input').fill('Terrible battery, it broke after two days. Waste of money.');
    // The text box waits for a pause in typing: poll until the new prediction replaces the old one.
    await expect.poll(() => topLabel(page, 'left'), { timeout: 30_000 }).toBe('negative');
    await expect.poll(() => topLabel(page, 'right'), { timeout: 30_000 }).toBe('negative');
    expect(log.errors).toEqual([]);
  }, 20_000);

  it('renders a typed line for the OCR model, shows the image, and reads it in both panes', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('model-ocr-rec-ppocrv4').click();
    await bothReady(page);
    await page.getByTestId('ocr-line-input').fill('Hello 2024 你好');
    await page.getByTestId('input-preview').waitFor({ timeout: 10_000 });
    const size = await page.getByTestId('input-preview').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    expect(size[1]).toBe(48);
    expect(size[0]).toBeGreaterThan(100);
    expect(await topLabel(page, 'left')).toBe('Hello 2024 你好');
    await paneReady(page, 'right');
    expect(await topLabel(page, 'right')).not.toBe('');
    expect(await page.getByTestId('camera-input').getAttribute('capture')).toBe('environment');
    expect(log.errors).toEqual([]);
  }, 30_000);
});
