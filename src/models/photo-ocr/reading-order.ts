// Reading order for detected lines: rows top to bottom, and left to right within a row. Two boxes share a row
// when their vertical centres are closer than half the shorter box's height (so "Coffee ..... 12.00" on a
// receipt reads as one row). PaddleOCR's sorted_boxes instead sorts by the top-left corner and swaps neighbours
// less than 10 px apart in y, which misorders tall sign text; this rule does not depend on the photo's scale.
import type { Quad } from './geometry';

interface Span {
  cy: number;
  h: number;
  x: number;
}

function span(q: Quad): Span {
  const ys = q.map((p) => p[1]);
  const top = (q[0][1] + q[1][1]) / 2, bottom = (q[2][1] + q[3][1]) / 2;
  return { cy: (Math.min(...ys) + Math.max(...ys)) / 2, h: Math.max(1, bottom - top), x: Math.min(...q.map((p) => p[0])) };
}

/** Indices of `quads` in reading order, and the row each one belongs to. */
export function readingOrder(quads: readonly Quad[]): { order: number[]; row: number[] } {
  const spans = quads.map(span);
  const byY = spans.map((_, i) => i).sort((a, b) => spans[a].cy - spans[b].cy || spans[a].x - spans[b].x);
  const rows: number[][] = [];
  for (const i of byY) {
    const current = rows[rows.length - 1];
    const fits = current?.every((j) => Math.abs(spans[i].cy - spans[j].cy) < Math.min(spans[i].h, spans[j].h) / 2);
    if (fits) current.push(i);
    else rows.push([i]);
  }
  const order: number[] = [];
  const row = new Array<number>(quads.length);
  rows.forEach((r, k) => {
    r.sort((a, b) => spans[a].x - spans[b].x);
    for (const i of r) {
      order.push(i);
      row[i] = k;
    }
  });
  return { order, row };
}
