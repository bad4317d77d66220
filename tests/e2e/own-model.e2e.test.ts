// Your own model, as a new user meets it: a third-party-style image model with dynamic height and width dropped on
// the page, its shapes set, sample photos added, int8 QDQ applied, and agreement measured on those samples with n.
// Then bad input: shapes the model rejects, .npy files of the wrong shape and dtype, audio at another sample rate.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { audioModel, toneWav } from '../fixtures/audio-model';
import { dynamicImageModel } from '../fixtures/dynamic-image-model';
import { bothReady, paneReady, text } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

async function upload(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.setInputFiles('[data-testid="upload-model"]', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page.getByTestId('shape-field').first().waitFor({ timeout: 60_000 });
  await bothReady(page);
}

/** Types a shape for the first input and applies it; waits until both panes run on it. */
async function setShape(page: Page, dims: string): Promise<void> {
  await page.getByTestId('shape-field').first().fill(dims);
  await page.getByTestId('apply-shapes').click();
  const shapes = page.getByTestId('input-shapes');
  await expect.poll(async () => `${await shapes.getAttribute('data-applied')} ${await shapes.getAttribute('data-busy')}`, { timeout: 60_000 }).toMatch(new RegExp(`^${dims.replace(/ /g, '')}(;|\\s).*false$`));
  await bothReady(page);
}

/** Photos drawn by the browser itself (gradients and discs in different colours), as PNG files. */
async function photos(page: Page, n: number): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  const encoded = await page.evaluate(async (count) => {
    const out: number[][] = [];
    for (let k = 0; k < count; k++) {
      const canvas = new OffscreenCanvas(96 + 16 * k, 72);
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, canvas.width, canvas.height);
      g.addColorStop(0, `hsl(${k * 80}, 70%, 60%)`);
      g.addColorStop(1, `hsl(${k * 80 + 140}, 60%, 30%)`);
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = `hsl(${k * 50 + 200}, 80%, 50%)`;
      ctx.beginPath();
      ctx.arc(30 + 10 * k, 36, 18, 0, 2 * Math.PI);
      ctx.fill();
      out.push([...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())]);
    }
    return out;
  }, n);
  return encoded.map((bytes, i) => ({ name: `photo-${i + 1}.png`, mimeType: 'image/png', buffer: Buffer.from(bytes) }));
}

const fixture = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(`tests/fixtures/samples/${name}`) });

describe('your own image model, measured on your samples', () => {
  it('dynamic H/W set by the user, sample photos added, int8 QDQ applied: agreement says n and "your samples"', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await upload(page, 'classifier.onnx', dynamicImageModel());
    // Dynamic height and width start at 224 (not 1), and the panes already run on that.
    expect(await page.getByTestId('shape-field').first().inputValue()).toBe('1, 3, 224, 224');
    await setShape(page, '1, 3, 32, 32');

    // The right pane: int8 QDQ instead of the default int8 dynamic. Without samples it warns about synthetic calibration.
    const right = page.getByTestId('pane-right');
    await right.getByRole('button', { name: /^Remove int8 dynamic/ }).click();
    await page.getByTestId('add-step-right').selectOption('int8-qdq');
    await page.getByTestId('apply-right').click();
    await paneReady(page, 'right');
    await expect.poll(() => right.getByTestId('caveat-right').allTextContents()).toContainEqual(expect.stringMatching(/synthetic inputs .* can destroy accuracy/));
    expect(await page.getByTestId('calibration-inputs-right').getAttribute('data-source')).toBe('synthetic');

    await page.setInputFiles('[data-testid="add-samples"]', await photos(page, 4));
    await expect.poll(() => page.getByTestId('sample-count').getAttribute('data-n'), { timeout: 60_000 }).toBe('4');
    await bothReady(page);
    await expect.poll(() => page.getByTestId('calibration-inputs-right').getAttribute('data-n'), { timeout: 60_000 }).toBe('4');
    expect(await page.getByTestId('calibration-inputs-right').getAttribute('data-source')).toBe('samples');
    expect(await right.getByTestId('caveat-right').allTextContents()).not.toContainEqual(expect.stringMatching(/synthetic/));
    // The live input is the first photo, and the output is shown as top-k.
    expect(await page.getByTestId('live-input').inputValue()).toBe('s0');
    await right.locator('[data-testid="output-views"] [data-kind="topk"]').waitFor();

    await page.getByTestId('measure-right').click();
    await expect.poll(() => page.getByTestId('quality-right').getAttribute('data-metric'), { timeout: 90_000 }).toBe('agreement');
    await paneReady(page, 'right');
    const used = page.getByTestId('quality-inputs-right');
    expect(await used.getAttribute('data-source')).toBe('samples');
    expect(await used.getAttribute('data-n')).toBe('4');
    expect(await used.textContent()).toMatch(/on 4 of your samples/);
    expect(await text(page, 'quality-right')).toMatch(/n = 4(?!\d)/);
    expect(await page.getByTestId('latency-inputs-right').getAttribute('data-source')).toBe('samples');

    // The shapes are remembered for this model: opening it again starts at 32 × 32.
    await page.getByTestId('model-digits-cnn').click();
    await bothReady(page);
    await page.getByTestId('saved-model').first().click();
    await expect.poll(() => page.getByTestId('shape-field').first().inputValue(), { timeout: 60_000 }).toBe('1, 3, 32, 32');
    expect(log.errors).toEqual([]);
  });
});

describe('bad input for your own model', () => {
  it('shapes the model rejects, .npy files of the wrong shape or dtype, audio at another sample rate', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await upload(page, 'other-classifier.onnx', dynamicImageModel({ seed: 7 }));
    const field = page.getByTestId('shape-field').first();
    await field.fill('1, 3, 32');
    expect(await text(page, 'shape-error')).toBe('Input "pixel_values" has 4 dimensions (batch_size × 3 × height × width); you gave 3 (1 × 3 × 32).');
    expect(await page.getByTestId('apply-shapes').isDisabled()).toBe(true);
    await field.fill('1, 4, 32, 32');
    expect(await text(page, 'shape-error')).toBe('Input "pixel_values": dimension 2 is fixed at 3 by the model (batch_size × 3 × height × width); you gave 4.');
    await page.getByTestId('language').selectOption('zh');
    expect(await text(page, 'shape-error')).toBe('输入“pixel_values”：第 2 维被模型固定为 3（batch_size × 3 × height × width）；你给了 4。');
    await page.getByTestId('language').selectOption('en');
    await setShape(page, '1, 3, 2, 2');

    await page.setInputFiles('[data-testid="add-samples"]', [fixture('f4-2x3.npy'), fixture('u1-1x3x2x2.npy')]);
    await expect.poll(() => page.getByTestId('sample-error').allTextContents(), { timeout: 30_000 }).toEqual([
      'f4-2x3.npy has the shape 2 × 3, but input "pixel_values" is set to 1 × 3 × 2 × 2. Change the input\'s shape to match, or save the array with that shape.',
      'u1-1x3x2x2.npy holds uint8, but input "pixel_values" takes float. Save it as float32 (x.astype(np.float32)), scaled the way the model expects.',
    ]);
    expect(await page.getByTestId('no-samples').count()).toBe(1); // nothing was added, the panes still work
    await bothReady(page);
    expect(await page.getByTestId('error-left').count()).toBe(0);

    // An audio model: the 44.1 kHz file is resampled to the chosen 16 kHz, cut into 512-sample chunks, with a note.
    await upload(page, 'vad.onnx', audioModel());
    const fields = page.getByTestId('shape-field');
    expect([await fields.nth(0).inputValue(), await fields.nth(1).inputValue()]).toEqual(['1, 512', '']);
    await page.setInputFiles('[data-testid="add-samples"]', [{ name: 'speech.wav', mimeType: 'audio/wav', buffer: toneWav(44_100, 0.1) }]);
    await expect.poll(() => page.getByTestId('sample-count').getAttribute('data-n'), { timeout: 60_000 }).toBe('4'); // 1600 samples at 16 kHz
    expect(await text(page, 'sample-note')).toBe('resampled from 44.1 kHz to 16 kHz; last chunk padded with 448 samples of silence');
    await bothReady(page);
    await page.getByTestId('measure-left').click();
    await expect.poll(() => page.getByTestId('quality-inputs-left').getAttribute('data-n'), { timeout: 90_000 }).toBe('4');
    expect(log.errors).toEqual([]);
  });
});
