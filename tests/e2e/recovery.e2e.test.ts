// Recovery fine-tuning as a person uses it in the lab: prune the digits CNN, add "Recover", watch the loss curve,
// see the measured accuracy come back; cancel a training run and keep the previous variant; and an uploaded
// model, which ModelLab has no training data for, does not offer it and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tinyModelBytes } from '../unit/fixtures/tiny-model';
import { DIGIT_STROKES, drawDigit } from './draw';
import { bothReady, paneReady, text, topLabel } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

const steps = (page: Page, side: string) => page.locator(`[data-testid="recipe-${side}"] li.step`);

async function pruneThenRecover(page: Page, side: 'left' | 'right', recoverSteps: string): Promise<void> {
  while (await steps(page, side).count()) await steps(page, side).first().locator('button.link').click();
  await page.getByTestId(`add-step-${side}`).selectOption('prune-structured');
  await page.getByTestId(`opt-${side}-prune-structured-rate`).fill('50');
  await page.getByTestId(`add-step-${side}`).selectOption('recover');
  await page.getByTestId(`opt-${side}-recover-steps`).fill(recoverSteps);
}

describe('recovery fine-tuning in the lab', () => {
  it('digits → prune 50% structured → Recover: a live loss curve, then the accuracy back above 97%', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('model-digits-cnn').click();
    await bothReady(page);
    await pruneThenRecover(page, 'right', '300');
    await page.getByTestId('apply-right').click();
    await page.getByTestId('training-live-right').waitFor({ timeout: 60_000 });
    await expect.poll(async () => Number(await page.getByTestId('loss-curve').first().getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(3);
    await paneReady(page, 'right', 120_000);
    expect(await text(page, 'training-done-right')).toMatch(/^300 steps in \d+(\.\d)? s · loss [\d.]+ → [\d.]+$/);
    await drawDigit(page, DIGIT_STROKES['7']);
    expect(await topLabel(page, 'right')).toBe('7');
    await page.getByTestId('measure-right').click();
    await expect.poll(() => text(page, 'quality-right'), { timeout: 90_000 }).toMatch(/n = 2000(?!\d)/);
    const accuracy = Number(await page.getByTestId('quality-right').getAttribute('data-value'));
    expect(accuracy).toBeGreaterThan(0.97);
    // The pruned model without recovery scores about 40%: the step, not the pruning, brought it back.
    expect(await page.getByTestId('size-right').getAttribute('data-raw')).toMatch(/^5\d{4}$/);
    expect(log.errors).toEqual([]);
  });

  it('cancelling the training leaves the pane on its previous variant (language ID)', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('model-langid-50').click();
    await bothReady(page);
    const before = await page.getByTestId('size-right').getAttribute('data-raw');
    await pruneThenRecover(page, 'right', '5000');
    await page.getByTestId('apply-right').click();
    await page.getByTestId('training-live-right').waitFor({ timeout: 60_000 });
    await page.getByTestId('cancel-right').click();
    await page.getByTestId('training-kept-right').waitFor({ timeout: 30_000 });
    await paneReady(page, 'right', 60_000);
    expect(await page.getByTestId('size-right').getAttribute('data-raw')).toBe(before);
    // The held recipe is not retrained on the next input: the pane answers with the previous variant.
    await page.getByTestId('text-input').fill('Dit is een eenvoudige zin in het Nederlands.');
    expect(await topLabel(page, 'right')).toBe('nld');
    expect(await page.getByTestId('training-live-right').count()).toBe(0);
    expect(await page.getByTestId('size-right').getAttribute('data-raw')).toBe(before);
    expect(log.errors).toEqual([]);
  });

  it('an uploaded model has no training data: Recover and Distill are not offered, and the option says why', async () => {
    const { page } = await site.open();
    await bothReady(page);
    await page.setInputFiles('[data-testid="upload-model"]', { name: 'tiny.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(tinyModelBytes()) });
    await bothReady(page);
    for (const id of ['recover', 'distill']) {
      const option = page.getByTestId('add-step-left').locator(`option[value="${id}"]`);
      await expect.poll(() => option.isDisabled()).toBe(true);
      expect(await option.textContent()).toMatch(/needs training data, which this model has not/);
    }
    expect(await page.getByTestId('add-step-left').locator('option[value="prune-structured"]').isDisabled()).toBe(false);
  });
});
