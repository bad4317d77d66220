// Photo OCR as a person uses it: pick the Photo OCR card, upload a photo (one of the committed eval photos, as a
// JPEG file) and see the detected lines outlined and read in both panes (fp32 and int8); a huge photo without text
// is scaled down with a note and says "no text found"; a file that is not an image gets a clear message.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePhotoEvalSet } from '../../src/models/photo-ocr/eval-set';
import { bothReady, paneReady } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

const photo = parsePhotoEvalSet(new Uint8Array(readFileSync('models/photo-ocr/eval.bin')))[0];

describe('photo OCR', () => {
  it('upload a photo -> boxes and text in both panes; huge photo -> note + no text; not an image -> error', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('model-photo-ocr-ppocrv4').click();
    await bothReady(page);
    await page.setInputFiles('[data-testid="photo-upload"]', { name: 'doc.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo.jpeg) });
    for (const side of ['left', 'right'] as const) {
      const result = page.getByTestId(`photo-result-${side}`);
      await result.waitFor({ timeout: 120_000 });
      await paneReady(page, side);
      expect(Number(await result.getAttribute('data-lines'))).toBe(photo.lines.length);
      const text = (await result.getAttribute('data-text')) ?? '';
      // fp32 reads this photo exactly; int8 may change a character, so it must only find and read every line.
      if (side === 'left') for (const l of photo.lines) expect(text).toContain(l.text);
      else expect(text.split('\n').filter((l) => l.trim())).toHaveLength(photo.lines.length);
      // The boxes are drawn: the canvas has the photo's size and orange outline pixels.
      const drawn = await page.getByTestId(`photo-canvas-${side}`).evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let orange = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] > 70 && d[i + 1] < 110 && d[i + 2] < 40) orange++;
        return { w: c.width, h: c.height, orange };
      });
      expect([drawn.w, drawn.h]).toEqual([photo.width, photo.height]);
      expect(drawn.orange).toBeGreaterThan(500);
    }
    await expect.poll(() => page.getByTestId('photo-note').getAttribute('data-kind')).toBe('photo.size');

    // 8000×6000 without text, made in the page (a PNG of one colour is small).
    const huge = await page.evaluate(async () => {
      const c = new OffscreenCanvas(8000, 6000);
      const g = c.getContext('2d')!;
      g.fillStyle = '#d9d4c8';
      g.fillRect(0, 0, 8000, 6000);
      const b = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let s = '';
      for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
      return btoa(s);
    });
    await page.setInputFiles('[data-testid="photo-upload"]', { name: 'huge.png', mimeType: 'image/png', buffer: Buffer.from(huge, 'base64') });
    await expect.poll(() => page.getByTestId('photo-note').textContent(), { timeout: 30_000 }).toMatch(/8000×6000 px: it was scaled down to 2048×1536/);
    await page.getByTestId('photo-no-text-left').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('photo-no-text-left').textContent()).toBe('No text found in this photo.');
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => page.getByTestId('photo-no-text-left').textContent()).toBe('这张照片中没有找到文字。');

    await page.setInputFiles('[data-testid="photo-upload"]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await expect.poll(() => page.getByTestId('photo-error').textContent()).toMatch(/不是 ModelLab 能读取的照片/);
    expect(log.errors).toEqual([]);
  }, 360_000);
});
