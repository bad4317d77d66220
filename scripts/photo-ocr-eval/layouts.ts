// What each eval photo shows, decided with one seeded generator: a document page, a sign, a receipt or a poster,
// its text lines (known strings from src/models/ocr/eval-corpus.ts plus generated dates, prices and numbers),
// fonts, sizes and colours, where it lies in the scene, and how the "camera" and the print degrade it.
// Data only: render-layer.ts draws it in Chromium, effects.ts does the rest in plain TS.
import { EN_PHRASES, MIXED_TEMPLATES, MIXED_TOKENS, ZH_PHRASES } from '../../src/models/ocr/eval-corpus';
import type { Rand } from '../../src/engine/random';

export type Kind = 'doc' | 'sign' | 'receipt' | 'poster';

export interface Run {
  text: string;
  family: string;
  /** px; the page shrinks it until the line fits maxWidth. */
  size: number;
  bold: boolean;
  italic: boolean;
  color: string;
  /** Anchor x (left, centre or right edge, by align) and baseline y in layer pixels. */
  x: number;
  baseline: number;
  align: 'left' | 'center' | 'right';
  maxWidth: number;
}

export interface LayerSpec {
  width: number;
  height: number;
  /** Paper or board colour (CSS); the layer is opaque inside its rounded rectangle. */
  fill: string;
  radius: number;
  runs: Run[];
}

export interface SceneSpec {
  id: string;
  kind: Kind;
  width: number;
  height: number;
  /** Background texture behind the layer. */
  background: { kind: 'wood' | 'fabric' | 'wall' | 'gradient'; base: [number, number, number]; seed: number };
  layer: LayerSpec;
  at: [number, number];
  /** Paper grain on the layer (grey levels). */
  grain: number;
  camera: { tilt: number; jitter: number; flip: boolean };
  effects: { light: number; blur: number; noise: number; quality: number };
}

const CJK = ['Noto Sans CJK SC', 'Noto Serif CJK SC', 'Noto Sans Mono CJK SC'];
const LATIN = ['DejaVu Sans', 'DejaVu Serif', 'Liberation Sans', 'Liberation Serif', 'Liberation Sans Narrow', 'Noto Sans CJK SC'];
const MONO = ['Noto Sans Mono CJK SC', 'DejaVu Sans Mono', 'Liberation Mono'];
// Latin text in a Chinese receipt or poster still needs a CJK fallback for its Chinese characters.
const withCjk = (f: string) => (CJK.includes(f) ? `"${f}"` : `"${f}", "Noto Sans CJK SC"`);

export const RECEIPT_ITEMS = [
  '拿铁咖啡', '美式咖啡', '热牛奶', '全麦面包', '苹果', '香蕉', '矿泉水', '绿茶', '鸡蛋', '米饭', '牛肉面', '饺子', '豆浆',
  '油条', '蛋糕', '酸奶', 'Latte', 'Espresso', 'Croissant', 'Orange juice', 'Green tea', 'Bagel', 'Muffin', 'Sandwich',
  'Salad', 'Water', 'Hot chocolate', 'Cheese cake',
];
export const STORE_NAMES = ['便利店', '星光咖啡', '东方超市', '好运来餐厅', '绿叶书店', '阳光面包房', 'City Cafe', 'Fresh Market', 'Corner Bakery', 'Blue Sky Books'];
const SIGN_ZH = ZH_PHRASES.filter((p) => [...p].length <= 7);
const SIGN_EN = EN_PHRASES.filter((p) => p.length <= 18);

/** Rough width in em, to choose text that fits before the page measures it exactly. */
const ems = (s: string) => [...s].reduce((w, c) => w + (/[\u2e80-\uffff]/.test(c) ? 1 : 0.58), 0);

export function makeScenes(random: Rand, count: number): SceneSpec[] {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const real = (lo: number, hi: number) => lo + random() * (hi - lo);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const chance = (p: number) => random() < p;
  const grey = (lo: number, hi: number) => { const g = int(lo, hi); return `rgb(${g},${g},${g})`; };
  const price = () => `${int(1, 199)}.${String(int(0, 99)).padStart(2, '0')}`;
  const date = () => `${int(2019, 2025)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')} ${String(int(7, 22)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`;
  const mixed = () => pick(MIXED_TEMPLATES).replace('{t}', pick(MIXED_TOKENS)).replace('{n}', String(int(1, 99))).replace('{v}', `${int(1, 9)}.${int(0, 20)}`);
  /** Phrases joined until about `maxEm` wide. */
  const fill = (maxEm: number, zh: boolean) => {
    let s = zh ? pick(ZH_PHRASES) : pick(EN_PHRASES);
    for (let k = 0; k < 3; k++) {
      const next = zh ? `${s}，${pick(ZH_PHRASES)}` : `${s.replace(/[.!?]$/, '')}, ${pick(EN_PHRASES).toLowerCase()}`;
      if (ems(next) > maxEm || chance(0.35)) break;
      s = next;
    }
    return ems(s) > maxEm ? (zh ? pick(SIGN_ZH) : pick(SIGN_EN)) : s;
  };

  function doc(): Pick<SceneSpec, 'layer' | 'width' | 'height'> {
    const lang = pick(['zh', 'en', 'mix'] as const);
    const width = int(420, 600), size = int(17, 26), lh = Math.round(size * real(1.5, 1.9));
    const family = lang === 'en' ? pick(LATIN) : pick(CJK);
    const ink = grey(10, 60);
    const runs: Run[] = [];
    const margin = int(24, 40);
    const base = (text: string, i: number, extra: Partial<Run> = {}): Run => ({ text, family: withCjk(family), size, bold: false, italic: false, color: ink, x: margin, baseline: margin + size * 1.6 + i * lh, align: 'left', maxWidth: width - 2 * margin, ...extra });
    runs.push(base(lang === 'en' ? pick(SIGN_EN) : pick(SIGN_ZH), 0, { size: Math.round(size * 1.35), bold: true, baseline: margin + size * 1.4 }));
    const lines = int(4, 8);
    const maxEm = (width - 2 * margin) / size;
    for (let i = 1; i <= lines; i++) runs.push(base(lang === 'mix' ? (chance(0.5) ? mixed() : fill(maxEm, true)) : fill(maxEm, lang === 'zh'), i + 0.4));
    const height = Math.round(runs[runs.length - 1].baseline + margin + size);
    return { layer: { width, height, fill: `rgb(${int(236, 252)},${int(232, 248)},${int(222, 240)})`, radius: 2, runs }, width: width + int(140, 260), height: height + int(140, 260) };
  }

  function sign(): Pick<SceneSpec, 'layer' | 'width' | 'height'> {
    const boards = [['#1f6f3f', '#ffffff'], ['#1d4f91', '#ffffff'], ['#b3261e', '#ffffff'], ['#202020', '#ffd54a'], ['#f4f1e8', '#b3261e'], ['#f4f1e8', '#1a1a1a'], ['#e8b400', '#111111']];
    const [board, text] = pick(boards);
    const width = int(480, 720);
    const lines = [pick(SIGN_ZH), ...(chance(0.8) ? [pick(SIGN_EN)] : []), ...(chance(0.25) ? [chance(0.5) ? pick(SIGN_ZH) : `${int(1, 9)}F · ${pick(['A', 'B', 'C'])}${int(1, 30)}`] : [])];
    const size = int(38, 64);
    const lh = Math.round(size * 1.45);
    const family = pick(['Noto Sans CJK SC', 'Noto Sans CJK SC', 'Noto Serif CJK SC', 'DejaVu Sans']);
    const runs = lines.map((t, i): Run => ({ text: t, family: withCjk(family), size: i === 0 ? size : Math.round(size * 0.75), bold: chance(0.6), italic: false, color: text, x: width / 2, baseline: 30 + size + i * lh, align: 'center', maxWidth: width - 60 }));
    const height = Math.round(runs[runs.length - 1].baseline + 40);
    return { layer: { width, height, fill: board, radius: int(4, 18), runs }, width: width + int(120, 220), height: height + int(160, 300) };
  }

  function receipt(): Pick<SceneSpec, 'layer' | 'width' | 'height'> {
    const width = int(300, 380), size = int(15, 19), lh = Math.round(size * 1.7), m = 18;
    const family = pick(MONO);
    const ink = grey(30, 90);
    const runs: Run[] = [];
    let y = m + size * 1.5;
    const add = (text: string, align: Run['align'], extra: Partial<Run> = {}) => {
      runs.push({ text, family: withCjk(family), size, bold: false, italic: false, color: ink, x: align === 'left' ? m : align === 'right' ? width - m : width / 2, baseline: y, align, maxWidth: align === 'center' ? width - 2 * m : width * 0.55, ...extra });
    };
    add(pick(STORE_NAMES), 'center', { size: Math.round(size * 1.4), bold: true, maxWidth: width - 2 * m });
    y += lh * 1.2;
    add(date(), 'center');
    y += lh * 1.1;
    let total = 0;
    for (let i = int(3, 6); i > 0; i--) {
      const p = price();
      total += Number(p);
      add(pick(RECEIPT_ITEMS), 'left');
      add(p, 'right', { maxWidth: width * 0.35 });
      y += lh;
    }
    y += lh * 0.3;
    add(pick(['合计', 'Total', '总计', 'TOTAL']), 'left', { bold: true });
    add(total.toFixed(2), 'right', { bold: true, maxWidth: width * 0.35 });
    if (chance(0.6)) {
      y += lh * 1.3;
      add(pick(['谢谢惠顾', '欢迎再次光临', 'Thank you!', 'See you again']), 'center');
    }
    const height = Math.round(y + m + size);
    return { layer: { width, height, fill: grey(238, 252), radius: 0, runs }, width: width + int(200, 320), height: height + int(120, 220) };
  }

  function poster(): Pick<SceneSpec, 'layer' | 'width' | 'height'> {
    const width = int(460, 620), m = int(28, 44);
    const inks = ['#1a1a1a', '#12355b', '#6b1d1d', '#1d4d2b', '#3b2a5a'];
    const size = int(18, 26);
    const lines: [string, number, boolean, string][] = [
      [pick(SIGN_ZH), Math.round(size * 1.8), true, pick(CJK)],
      [pick(SIGN_EN), Math.round(size * 1.1), chance(0.5), pick(LATIN)],
      [mixed(), size, false, pick(CJK)],
      [`${int(2024, 2026)}年${int(1, 12)}月${int(1, 28)}日 ${pick(['上午', '下午', '晚上'])}${int(1, 11)}点`, size, false, pick(CJK)],
      ...(chance(0.6) ? [[pick([`电话：1${int(30, 89)}-${int(1000, 9999)}-${int(1000, 9999)}`, `www.example${int(1, 99)}.cn`, `门票 ¥${int(20, 300)}`]), size, false, pick(CJK)] as [string, number, boolean, string]] : []),
    ];
    let y = m;
    const center = chance(0.5);
    const runs = lines.map(([text, s, bold, family]): Run => {
      y += s * 1.55;
      return { text, family: withCjk(family), size: s, bold, italic: false, color: pick(inks), x: center ? width / 2 : m, baseline: y, align: center ? 'center' : 'left', maxWidth: width - 2 * m };
    });
    const height = Math.round(y + m + size);
    return { layer: { width, height, fill: `rgb(${int(225, 250)},${int(220, 245)},${int(200, 240)})`, radius: 6, runs }, width: width + int(140, 240), height: height + int(140, 260) };
  }

  const makers = { doc, sign, receipt, poster };
  const kinds: Kind[] = ['doc', 'sign', 'receipt', 'poster'];
  return Array.from({ length: count }, (_, i): SceneSpec => {
    const kind = kinds[i % kinds.length];
    const s = makers[kind]();
    const bg = pick(['wood', 'fabric', 'wall', 'gradient'] as const);
    return {
      id: `${kind}-${String(i + 1).padStart(3, '0')}`, kind, ...s,
      background: { kind: bg, base: [int(90, 200), int(80, 180), int(60, 170)], seed: int(1, 1e9) },
      at: [int(40, s.width - s.layer.width - 40), int(40, s.height - s.layer.height - 40)],
      grain: chance(0.5) ? real(2, 8) : 0,
      camera: { tilt: chance(0.7) ? real(-3, 3) : 0, jitter: chance(0.6) ? real(0.01, 0.05) : 0, flip: i % 12 === 2 },
      effects: { light: chance(0.5) ? real(0.15, 0.35) : 0, blur: chance(0.3) ? real(0.5, 1.2) : 0, noise: chance(0.4) ? real(2, 7) : 0, quality: int(72, 88) },
    };
  });
}
