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
    { file: 'truncated.onnx', bytes: truncatedDigits, where: 'error-left', says: /damaged or truncated/ },
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
      await digitsStillWork(page);
      expect(log.errors).toEqual([]);
    });
  }
});

describe('a pane worker that dies', () => {
  it('shows a clear message in the pane, and picking the digits model afterwards works', async () => {
    const { page } = await site.open();
    await bothReady(page);
    await page.getByTestId('measure-left').click();
    await page.locator('[data-testid="pane-left"][data-status="measuring"]').waitFor();
    // No model file kills a worker reliably (ORT reports even 4 GB allocations as errors, see above; Chromium
    // lets an out-of-memory worker grind for minutes). What kills one is an exception escaping into a worker's
    // global scope, as emscripten's handler for a failed ORT thread rethrows it: inject exactly that, through the
    // DevTools protocol, into the pane workers and their ORT threads (same script). The page ships no hook for it.
    const labWorkers = page.workers().filter((w) => w.url().includes('lab.worker'));
    expect(labWorkers.length).toBeGreaterThanOrEqual(2);
    const crash = () => void setTimeout(() => { throw new Error('simulated worker crash'); }, 50);
    await Promise.all(labWorkers.map((w) => w.evaluate(crash).catch(() => 'already gone with its pane worker')));
    await expect.poll(() => page.getByTestId('error-left').count(), { timeout: 30_000 }).toBe(1);
    const message = await text(page, 'error-left');
    expect(message).toMatch(/worker crashed/i);
    expectClear(message);
    await paneReady(page, 'left');
    await digitsStillWork(page);
  });
});
