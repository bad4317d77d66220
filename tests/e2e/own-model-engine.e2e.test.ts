// An engineer's own model with NaN and Inf in its weights, as a person meets it: the page names the tensors when
// the model opens, a compression step says next to the recipe that it left them alone, and the size line fills in
// its gzip figure after the variant is loaded (gzip is measured off the compression's path).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeModel } from '../../src/engine/onnx';
import { nanModel } from '../unit/transforms/helpers/third-party-models';
import { bothReady, paneReady, text } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

describe('an uploaded model with NaN/Inf weights', () => {
  it('is named with its counts on opening, and a step says it left those weights alone', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.setInputFiles('[data-testid="upload-model"]', { name: 'nan-mlp.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(encodeModel(nanModel())) });
    await bothReady(page);
    expect(await text(page, 'non-finite-left')).toContain('Tensor "W1" holds 3 NaN and 0 infinite values');
    expect(await page.getByTestId('non-finite-right').nth(1).textContent()).toContain('Tensor "W2" holds 0 NaN and 1 infinite values');

    await page.getByTestId('add-step-right').selectOption('int8-dynamic');
    await page.getByTestId('apply-right').click();
    await expect.poll(() => page.getByTestId('measured-caveat-right').count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await paneReady(page, 'right');
    expect(await text(page, 'measured-caveat-right')).toMatch(/2 weight tensors \("W1", "W2"\) hold 3 NaN and 1 infinite values: this step left them exactly as they are/);
    await expect.poll(() => page.getByTestId('size-right').getAttribute('data-gzip'), { timeout: 30_000 }).toMatch(/^\d+$/);
    expect(log.errors).toEqual([]);
  });
});
