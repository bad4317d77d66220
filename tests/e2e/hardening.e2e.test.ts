// "Nothing breaks on bad input", as a person meets it: wrong or broken files dropped on the page, and a pane's
// worker dying mid-measurement. Each must end in a clear sentence on the page, and the page must keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIGIT_STROKES, drawDigit } from './draw';
import { PNG, hugeAllocation, truncatedDigits, unknownOpDigits } from './hardening-models';
import { bothReady, paneReady, text, topLabel } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

/** How long the injected fault stays armed in the workers. */
const WINDOW_MS = 3000;

async function upload(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.setInputFiles('[data-testid="upload-model"]', { name, mimeType: 'application/octet-stream', buffer });
}

/** A message a user can read: a sentence, not an engine's internals. */
function expectClear(message: string): void {
  expect(message.length).toBeGreaterThan(20);
  expect(message).toMatch(/^[A-Z"]|^onnxruntime-web /);
  expect(message).not.toMatch(/ERROR_CODE|ERROR_MESSAGE|RuntimeError|unreachable|Aborted\(|\.cc:\d+|undefined|Cannot read prop/);
}

/** Back to the digits model by clicking its card, then a drawn 7 must be read as 7 by both panes. */
async function digitsStillWork(page: Page): Promise<void> {
  await page.getByTestId('model-digits-cnn').click();
  await bothReady(page);
  await drawDigit(page, DIGIT_STROKES['7']);
  expect(await topLabel(page, 'left')).toBe('7');
  expect(await topLabel(page, 'right')).toBe('7');
}

describe('bad model files', () => {
  const cases: { file: string; bytes: () => Buffer; where: 'lab-message' | 'error-left'; says: RegExp }[] = [
    { file: 'photo.onnx', bytes: () => PNG, where: 'lab-message', says: /PNG image, not an ONNX model/ },
    { file: 'truncated.onnx', bytes: truncatedDigits, where: 'lab-message', says: /damaged or truncated/ },
    { file: 'custom-op.onnx', bytes: unknownOpDigits, where: 'error-left', says: /operator named "Frobnicate"/ },
    { file: 'huge.onnx', bytes: hugeAllocation, where: 'error-left', says: /too large for WASM/ },
  ];
  for (const c of cases) {
    it(`${c.file}: says what is wrong in a sentence, then the digits model works again`, async () => {
      const { page, log } = await site.open();
      await bothReady(page);
      await upload(page, c.file, c.bytes());
      await expect.poll(() => page.getByTestId(c.where).count(), { timeout: 60_000 }).toBeGreaterThan(0);
      const message = await text(page, c.where);
      expect(message).toMatch(c.says);
      expectClear(message);
      // Refused at the file picker: nothing was saved (these run first, so no earlier upload is listed either).
      if (c.where === 'lab-message') expect(await page.getByTestId('saved-model').count()).toBe(0);
      await digitsStillWork(page);
      expect(log.errors).toEqual([]);
    }, 20_000);
  }
});

describe('a pane worker that dies', () => {
  it('shows a clear message in the pane, and picking the digits model afterwards works', async () => {
    const { page } = await site.open();
    await bothReady(page);
    // No model file kills a worker reliably (ORT reports even 4 GB allocations as errors, see above; Chromium
    // lets an out-of-memory worker grind for minutes). What kills one is an exception escaping into a worker's
    // global scope, as emscripten's handler for a failed ORT thread rethrows it. Inject exactly that, through the
    // DevTools protocol (the page ships no hook for it): for the next few seconds, any message a pane worker
    // receives throws. Only the left pane is then asked to work, so only it dies. (ORT's threads run the same
    // script but sit blocked in Atomics.wait, so they never answer: only the pane workers get armed.)
    const labWorkers = page.workers().filter((w) => w.url().includes('lab.worker'));
    const armed = Date.now();
    const arm = (ms: number) => {
      const until = Date.now() + ms;
      self.addEventListener('message', () => {
        if (Date.now() < until) throw new Error('simulated worker crash');
      });
      return true;
    };
    const answered = await Promise.all(labWorkers.map((w) => Promise.race([w.evaluate(arm, WINDOW_MS).catch(() => false), page.waitForTimeout(1000).then(() => false)])));
    expect(answered.filter(Boolean)).toHaveLength(2);
    await page.getByTestId('measure-left').click();
    await expect.poll(() => page.getByTestId('error-left').count(), { timeout: 30_000 }).toBe(1);
    const message = await text(page, 'error-left');
    expect(message).toMatch(/worker crashed/i);
    expectClear(message);
    await paneReady(page, 'left');
    await page.waitForTimeout(Math.max(0, armed + WINDOW_MS - Date.now()));
    await digitsStillWork(page);
  }, 30_000);
});
