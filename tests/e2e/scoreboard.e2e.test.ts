// Issue 14 parts 1, 5 and 6 as a presenter meets them: the scoreboard (input and both panes' key numbers on one
// screen at 1280×720 and 1440×900, English and Chinese, normal and large type, never wider than the window),
// cost figures that follow from the shown latency and price, edits marked until Apply, and pitch mode stepped
// through with the keyboard, its slide downloaded as PNG and still there after a reload. One page, measured once.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIGIT_STROKES, drawDigit } from './draw';
import { bothReady, paneReady, topLabel } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
let page: Page;
let errors: string[];
beforeAll(async () => {
  site = await startSite();
  ({ page, log: { errors } } = await site.open());
  await page.setViewportSize({ width: 1280, height: 720 });
});
afterAll(async () => site?.close());

const SIDES = ['left', 'right'] as const;
/** The numbers a presenter points at, per pane. */
const KEY_NUMBERS = ['size', 'latency', 'quality', 'agreement', 'cost', 'memory'];

async function measured(side: 'left' | 'right'): Promise<void> {
  await page.getByTestId(`quality-${side}`).waitFor({ timeout: 90_000 });
  await paneReady(page, side);
}

/** Waits until the memory probe has measured the pane's variant (it runs once both panes are idle). */
async function memoryMeasured(side: 'left' | 'right'): Promise<number> {
  await page.locator(`[data-testid="memory-${side}"][data-peak]`).waitFor({ timeout: 60_000 });
  return Number(await page.getByTestId(`memory-${side}`).getAttribute('data-peak'));
}

const usd = (x: number) => (x < 10 ? `$${x.toPrecision(3)}` : `$${x.toFixed(2)}`);

describe('pitch-ready comparison', () => {
  it('shows the input and both panes’ key numbers on one screen, in both languages and type sizes, without sideways overflow', async () => {
    await bothReady(page);
    await drawDigit(page, DIGIT_STROKES['7']);
    expect(await topLabel(page, 'left')).toBe('7');
    expect(await topLabel(page, 'right')).toBe('7');
    await page.getByTestId('measure-both').click();
    for (const side of SIDES) await measured(side);
    for (const side of SIDES) expect(await memoryMeasured(side)).toBeGreaterThanOrEqual(16 * 1024 * 1024); // ORT's starting heap

    for (const [width, height] of [[1280, 720], [1440, 900]]) {
      for (const locale of ['en', 'zh']) {
        for (const large of [false, true]) {
          const where = `${width}×${height} ${locale}${large ? ' large type' : ''}`;
          await page.setViewportSize({ width, height });
          await page.getByTestId('language').selectOption(locale);
          await page.getByTestId('large-type').setChecked(large);
          await page.evaluate(() => window.scrollTo(0, 0));
          const layout = await page.evaluate((ids) => {
            const box = (el: Element | null) => el && el.getBoundingClientRect().toJSON() as DOMRect;
            const panes = ['left', 'right'].map((side) => ({
              side,
              prediction: box(document.querySelector(`[data-testid="pane-${side}"] [data-testid="predictions"]`)),
              ...Object.fromEntries(ids.map((id) => [id, box(document.querySelector(`[data-testid="${id}-${side}"]`))])),
            }));
            return { scrollWidth: document.scrollingElement!.scrollWidth, innerWidth, innerHeight, pad: box(document.querySelector('[data-testid="digit-pad"]')), panes };
          }, KEY_NUMBERS);
          expect(layout.scrollWidth, `${where}: page wider than the window`).toBeLessThanOrEqual(layout.innerWidth);
          const inside = (name: string, b: DOMRect | null) => {
            expect(b, `${where}: ${name} missing`).not.toBeNull();
            expect(b!.width * b!.height, `${where}: ${name} not rendered`).toBeGreaterThan(0);
            expect(b!.top, `${where}: ${name} above the window`).toBeGreaterThanOrEqual(0);
            expect(b!.left, `${where}: ${name} left of the window`).toBeGreaterThanOrEqual(0);
            expect(b!.bottom, `${where}: ${name} below the fold`).toBeLessThanOrEqual(layout.innerHeight);
            expect(b!.right, `${where}: ${name} right of the window`).toBeLessThanOrEqual(layout.innerWidth);
          };
          inside('drawing pad', layout.pad);
          for (const pane of layout.panes) {
            for (const [name, b] of Object.entries(pane)) if (name !== 'side') inside(`${pane.side} ${name}`, b as DOMRect | null);
          }
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('large-type').setChecked(false);
    // The right pane's tiles say how it compares with the left one.
    expect(await page.getByTestId('delta-size-right').textContent()).toMatch(/^0\.\d\d× vs left$/);
    expect(await page.getByTestId('delta-latency-right').textContent()).toMatch(/^\d+\.\d\d× vs left$/);
    expect(await page.getByTestId('delta-quality-right').textContent()).toMatch(/^(±0\.00|[+−]\d+\.\d\d) pp vs left$/);
    // Comparison 1 for pitch mode: fp32 against int8 with per-channel scales.
    await page.getByTestId('pitch-save').click();
    expect(await page.getByTestId('pitch-status').textContent()).toMatch(/comparison 1/);
  });

  it('works out cost per million inferences from the shown latency, price and threads, and follows an edited price', async () => {
    await page.getByTestId('cost-settings').locator('summary').click();
    const check = async (side: 'left' | 'right') => {
      const median = Number(await page.getByTestId(`latency-${side}`).getAttribute('data-median'));
      const price = Number(await page.getByTestId('cost-price').inputValue());
      const vcpus = Number(await page.getByTestId('cost-vcpus').inputValue());
      const threads = Number(/×(\d+)/.exec((await page.getByTestId(`run-latency-${side}`).textContent()) ?? '')![1]);
      const expected = (median / 1000) * (1e6 / 3600) * (price / vcpus) * threads;
      const cost = page.getByTestId(`cost-${side}`);
      expect(Number(await cost.getAttribute('data-usd'))).toBeCloseTo(expected, 12);
      expect(await cost.locator('strong').textContent()).toBe(usd(expected));
      expect(await cost.textContent()).toContain(`${usd(price / vcpus)}/vCPU-h × ${threads}`);
      return expected;
    };
    expect(await page.getByTestId('price-note').textContent()).toMatch(/Assumption, edit it: the AWS EC2 c7i\.large .* list price .*\(2024\)/);
    const before = await check('left');
    await check('right');

    await page.getByTestId('cost-price').fill('0.5');
    await page.getByTestId('cost-price').press('Enter');
    await page.getByTestId('cost-vcpus').fill('4');
    await page.getByTestId('cost-vcpus').press('Enter');
    const after = await check('left');
    expect(after).toBeCloseTo((before * (0.5 / 4)) / (0.08925 / 2), 12);
    expect(await page.getByTestId('price-note').textContent()).toContain('Your price: $0.125 per vCPU-hour');

    // Not a price: refused with a message, the previous value stays.
    await page.getByTestId('cost-price').fill('-3');
    await page.getByTestId('cost-price').press('Enter');
    expect(await page.getByTestId('cost-invalid').textContent()).toMatch(/positive number/);
    expect(await page.getByTestId('cost-price').inputValue()).toBe('0.5');
    await page.getByTestId('cost-reset').click();
    expect(await check('left')).toBeCloseTo(before, 12);
  });

  it('marks edits that are not applied yet and dims the old numbers until Apply', async () => {
    const stale = () => page.getByTestId('score-right').locator('.score-body').evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(await page.getByTestId('pending-right').count()).toBe(0);
    await page.getByTestId('opt-right-int8-dynamic-granularity').selectOption('per-tensor');
    expect(await page.getByTestId('pending-right').textContent()).toMatch(/not applied/);
    await expect.poll(stale, { timeout: 10_000 }).toBeLessThan(0.6);
    // Putting the edit back is no edit.
    await page.getByTestId('opt-right-int8-dynamic-granularity').selectOption('per-channel');
    expect(await page.getByTestId('pending-right').count()).toBe(0);
    await page.getByTestId('opt-right-int8-dynamic-granularity').selectOption('per-tensor');
    await page.getByTestId('apply-now-right').click();
    await paneReady(page, 'right');
    expect(await page.getByTestId('pending-right').count()).toBe(0);
    await expect.poll(stale, { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('variant-right').textContent()).toMatch(/int8 dynamic · Per tensor/);
  });

  it('steps through saved comparisons in pitch mode with the keyboard; the slide downloads as PNG and is kept after a reload', async () => {
    // Comparison 2: the right pane measured again with its applied edit (per-tensor scales).
    await page.getByTestId('measure-right').click();
    await measured('right');
    const rightCost = Number(await page.getByTestId('cost-right').getAttribute('data-usd'));
    await page.getByTestId('pitch-save').click();
    expect(await page.getByTestId('pitch-status').textContent()).toMatch(/comparison 2/);

    const slide = page.getByTestId('pitch-slide');
    await page.getByTestId('pitch-open').click();
    await page.getByTestId('pitch-mode').waitFor();
    // Full screen, or (where the browser refuses it) the window, saying so.
    expect(await page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? (document.querySelector('[data-testid="pitch-no-fullscreen"]') ? 'refused' : 'none'))).toMatch(/^(pitch-mode|refused)$/);
    expect(await slide.getAttribute('data-index')).toBe('1'); // opens on the newest
    expect(await slide.textContent()).toMatch(/Left: Original fp32 model · WASM, [2-9] threads/);
    expect(await slide.textContent()).toContain('Right: int8 dynamic · Per tensor');
    expect(await slide.textContent()).toContain(`Cost / 1 M ${usd(rightCost)}`);
    await page.keyboard.press('ArrowLeft');
    expect(await slide.getAttribute('data-index')).toBe('0');
    expect(await slide.textContent()).toMatch(/Right: int8 dynamic · WASM/); // per channel: the defaults, not spelled out
    await page.keyboard.press('ArrowLeft'); // already the first: stays
    expect(await slide.getAttribute('data-index')).toBe('0');
    await page.keyboard.press('End');
    expect(await slide.getAttribute('data-index')).toBe('1');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('pitch-download').click()]);
    const png = readFileSync((await download.path())!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 900]);

    await page.keyboard.press('Escape');
    await page.getByTestId('pitch-mode').waitFor({ state: 'detached' });

    // Kept on this device: after a reload (as offline, nothing is fetched for it) both slides are there.
    await page.reload();
    await bothReady(page);
    expect(await page.getByTestId('pitch-open').textContent()).toContain('(2)');
    await page.getByTestId('pitch-open').click();
    expect(await slide.getAttribute('data-index')).toBe('1');
    expect(await slide.textContent()).toContain('Right: int8 dynamic · Per tensor');
    await page.keyboard.press('ArrowLeft');
    expect(await slide.textContent()).toMatch(/Right: int8 dynamic · WASM/);
    await page.keyboard.press('Escape');
    await page.getByTestId('pitch-mode').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});
