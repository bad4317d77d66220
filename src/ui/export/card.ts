// Browser-only: draws the results card (1600×900, a 16:9 slide) and encodes it as PNG. The font stack names
// common CJK fonts after the system UI font, so Chinese renders on Linux (Noto CJK), macOS (PingFang) and
// Windows (Microsoft YaHei) instead of tofu boxes.
import type { CardColumn, CardContent } from './card-content';

export const CARD_WIDTH = 1600;
export const CARD_HEIGHT = 900;
export const CARD_FONT = `system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif`;

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

const INK = '#1b1f24';
const MUTED = '#55606b';
const GOOD = '#1f7a44';
const BAD = '#b3261e';
const NAVY = '#12263a';
const ACCENT = '#2f7de1';

function font(ctx: Ctx, size: number, weight = 400): void {
  ctx.font = `${weight} ${size}px ${CARD_FONT}`;
}

/** The largest of `sizes` at which `text` fits `maxWidth` (else the smallest): the font is left set. */
function fontToFit(ctx: Ctx, text: string, maxWidth: number, sizes: number[], weight: number): void {
  for (const size of sizes) {
    font(ctx, size, weight);
    if (ctx.measureText(text).width <= maxWidth) return;
  }
}

/** Cuts a line to maxWidth with an ellipsis. */
function fit(ctx: Ctx, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const chars = [...text];
  while (chars.length && ctx.measureText(`${chars.join('')}…`).width > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}

/** Wraps at spaces where there are any (Latin), else between characters (CJK); at most maxLines. */
function wrap(ctx: Ctx, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    const next = line + ch;
    if (!line || ctx.measureText(next).width <= maxWidth) {
      line = next;
      continue;
    }
    const cut = line.lastIndexOf(' ');
    if (ch !== ' ' && cut > 0) {
      lines.push(line.slice(0, cut));
      line = line.slice(cut + 1) + ch;
    } else {
      lines.push(line.trimEnd());
      line = ch === ' ' ? '' : ch;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fit(ctx, `${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`, maxWidth);
  return kept;
}

/**
 * The recipe in at most three lines: one per step at 34px, smaller type when steps wrap, and as a last resort
 * all steps joined and cut with an ellipsis (never silently dropping a step).
 */
function recipeLayout(ctx: Ctx, steps: string[], width: number): { size: number; lines: string[] } {
  for (const size of [34, 30, 26]) {
    font(ctx, size, 700);
    const lines = steps.flatMap((step) => wrap(ctx, step, width, 3));
    if (lines.length <= 3) return { size, lines };
  }
  return { size: 26, lines: wrap(ctx, steps.join(' → '), width, 3) };
}

function drawColumn(ctx: Ctx, col: CardColumn, x: number, width: number): void {
  let y = 195;
  ctx.fillStyle = ACCENT;
  font(ctx, 26, 700);
  ctx.fillText(col.heading, x, y);
  y += 45;
  ctx.fillStyle = INK;
  const recipe = recipeLayout(ctx, col.recipe, width);
  font(ctx, recipe.size, 700);
  for (const line of recipe.lines) {
    ctx.fillText(line, x, y);
    y += Math.round(recipe.size * 1.24);
  }
  ctx.fillStyle = MUTED;
  font(ctx, 24);
  ctx.fillText(fit(ctx, col.backend, width), x, y);

  // Metrics in a 2×2 grid from a fixed top, so both columns' numbers line up whatever the recipes' length.
  const cell = (width - 40) / 2;
  col.metrics.forEach((m, i) => {
    const cx = x + (i % 2) * (cell + 40);
    const cy = 400 + Math.floor(i / 2) * 190;
    ctx.fillStyle = MUTED;
    font(ctx, 24);
    ctx.fillText(fit(ctx, m.label, cell), cx, cy);
    ctx.fillStyle = INK;
    font(ctx, 52, 700);
    ctx.fillText(fit(ctx, m.value, cell), cx, cy + 58);
    let y = cy + 96;
    if (m.change) {
      ctx.fillStyle = m.change.good === undefined ? MUTED : m.change.good ? GOOD : BAD;
      fontToFit(ctx, m.change.text, cell, [28, 24, 20], 700);
      ctx.fillText(fit(ctx, m.change.text, cell), cx, cy + 98);
      y = cy + 128;
    }
    ctx.fillStyle = MUTED;
    font(ctx, 19);
    for (const line of wrap(ctx, m.detail, cell, 2)) {
      ctx.fillText(line, cx, y);
      y += 24;
    }
  });
  ctx.fillStyle = MUTED;
  if (col.agreement) {
    font(ctx, 22);
    ctx.fillText(fit(ctx, col.agreement, width), x, 766);
  }
  if (col.fit) {
    font(ctx, 18);
    wrap(ctx, col.fit, width, 2).forEach((line, i) => ctx.fillText(line, x, 792 + i * 22));
  }
}

export function drawCard(ctx: Ctx, c: CardContent): void {
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
  ctx.fillStyle = NAVY;
  ctx.fillRect(0, 0, CARD_WIDTH, 150);
  ctx.fillStyle = '#ffffff';
  font(ctx, 50, 700);
  ctx.fillText(fit(ctx, c.title, CARD_WIDTH - 160), 80, 78);
  font(ctx, 30);
  ctx.globalAlpha = 0.85;
  ctx.fillText(fit(ctx, c.model, CARD_WIDTH - 160), 80, 124);
  ctx.globalAlpha = 1;

  ctx.fillStyle = '#e1e4e8';
  ctx.fillRect(CARD_WIDTH / 2 - 1, 180, 2, 640);
  drawColumn(ctx, c.columns[0], 80, 660);
  drawColumn(ctx, c.columns[1], CARD_WIDTH / 2 + 60, 660);

  if (c.note) {
    ctx.fillStyle = MUTED;
    font(ctx, 20);
    ctx.fillText(fit(ctx, c.note, CARD_WIDTH - 160), 80, 842);
  }
  ctx.fillStyle = '#e1e4e8';
  ctx.fillRect(80, 852, CARD_WIDTH - 160, 2);
  ctx.fillStyle = MUTED;
  font(ctx, 22);
  ctx.textAlign = 'right';
  ctx.fillText(c.footer, CARD_WIDTH - 80, 884);
  const footerWidth = ctx.measureText(c.footer).width;
  ctx.textAlign = 'left';
  ctx.fillText(fit(ctx, `${c.device} · ${c.date}`, CARD_WIDTH - 160 - footerWidth - 40), 80, 884);
}

/** Draws the card and returns it as a PNG blob. */
export async function renderCardPng(content: CardContent): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(CARD_WIDTH, CARD_HEIGHT);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas context is available to draw the card.');
    drawCard(ctx, content);
    return canvas.convertToBlob({ type: 'image/png' });
  }
  const canvas = Object.assign(document.createElement('canvas'), { width: CARD_WIDTH, height: CARD_HEIGHT });
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas context is available to draw the card.');
  drawCard(ctx, content);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The card could not be encoded as PNG.'))), 'image/png'));
}
