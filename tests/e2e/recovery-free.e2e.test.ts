// Training-free recovery and the ensemble as a workshop student meets them: both panes prune the digits CNN by
// 50% (structured), the right one adds the least-squares refit with the recipe controls; measured, the right
// pane's accuracy is far higher and its per-layer report shows each layer's output error falling; the ensemble
// panel scores the averaged panes with n and an interval, and times both models one after the other and in parallel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothReady, paneReady, text } from './lab-page';
import { startSite, type Site } from './site';
import { DIGIT_STROKES, drawDigit } from './draw';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

const pruned = JSON.stringify({ s: [['prune-structured', { rate: 50 }]], b: 'wasm' });

describe('training-free recovery and ensembles', () => {
  it('refits a pruned CNN back to high accuracy and scores the ensemble of both panes', async () => {
    const { page, log } = await site.open(`#m=digits-cnn&a=${encodeURIComponent(pruned)}&b=${encodeURIComponent(pruned)}`);
    await bothReady(page);
    await page.getByTestId('add-step-right').selectOption('refit');
    await page.getByTestId('apply-right').click();
    await paneReady(page, 'right');
    await drawDigit(page, DIGIT_STROKES['7']);
    await page.getByTestId('measure-left').click();
    await page.getByTestId('measure-right').click();
    const quality = async (side: string) => {
      await expect.poll(() => text(page, `quality-${side}`), { timeout: 90_000 }).toMatch(/95% CI [\d.]+%–[\d.]+% · n = 2000/);
      await paneReady(page, side as 'left' | 'right');
      return Number(await page.getByTestId(`quality-${side}`).getAttribute('data-value'));
    };
    const [left, right] = [await quality('left'), await quality('right')];
    expect(left).toBeLessThan(0.6);
    expect(right).toBeGreaterThan(left + 0.3);

    // The refit step's per-layer report: output error before -> after, lower after, for the layers that lost inputs.
    const report = page.getByTestId('pane-right').locator('details.layers').nth(1);
    await report.locator('summary').click();
    const errors = report.locator('td.output-error');
    expect(await errors.count()).toBe(3);
    for (const cell of await errors.all()) {
      expect(Number(await cell.getAttribute('data-after'))).toBeLessThan(Number(await cell.getAttribute('data-before')));
      expect(await cell.textContent()).toMatch(/output error \d+\.\d% → \d+\.\d%/);
    }

    // The ensemble: accuracy with n and an interval, the members beside it, the averaged live prediction.
    const ensemble = page.getByTestId('ensemble');
    await expect.poll(() => ensemble.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(await text(page, 'ensemble-quality')).toMatch(/\d+\.\d\d%\s*95% CI \d+\.\d%–\d+\.\d% · n = 2000/);
    expect(await text(page, 'ensemble-members')).toContain(`right ${(right * 100).toFixed(2)}%`);
    expect(await ensemble.locator('[data-testid="ensemble-live"] li').count()).toBe(3);
    const sizes = await Promise.all(['left', 'right'].map(async (s) => Number(await page.getByTestId(`size-${s}`).getAttribute('data-raw'))));
    expect(Number(await page.getByTestId('ensemble-size').getAttribute('data-raw'))).toBe(sizes[0] + sizes[1]);

    await page.getByTestId('ensemble-measure').click();
    await page.getByTestId('ensemble-sequential').waitFor({ timeout: 60_000 });
    for (const mode of ['sequential', 'parallel']) {
      expect(Number(await page.getByTestId(`ensemble-${mode}`).getAttribute('data-median'))).toBeGreaterThan(0);
      expect(await text(page, `ensemble-${mode}`)).toMatch(/median [\d.]+ ms · p95 [\d.]+ ms \(n = 30\)/);
    }

    await page.getByTestId('language').selectOption('zh');
    expect(await text(page, 'ensemble')).toContain('左 + 右 集成');
    expect(log.errors).toEqual([]);
  });
});
