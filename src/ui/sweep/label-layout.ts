// Where the chart writes each recipe's name: next to its point, never over another name or another point's
// marker, never outside the plot. Points whose markers overlap (three pruning rates with the same size and
// accuracy) share one label listing their names. A name with no free spot near its point moves further out with a
// leader line; only if even that fails is it left out (the tooltip and the table still name every point).
// Pure: the chart plugin passes canvas coordinates and a text measurer; tests check the geometry.

export interface LabelPoint {
  x: number;
  y: number;
  text: string;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PlacedLabel {
  text: string;
  /** Top-left corner of the text box. */
  x: number;
  y: number;
  width: number;
  /** Indices of the points this label names. */
  members: number[];
  /** From the (first) point to the label, when the label sits away from it. */
  leader?: { x0: number; y0: number; x1: number; y1: number };
}

export interface LayoutOptions {
  /** The plot area labels must stay inside. */
  area: Box;
  /** Text line height (px). */
  lineHeight: number;
  /** Point marker radius (px). */
  radius: number;
  measure: (text: string) => number;
}

export const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Groups points whose markers touch (transitively), in input order of their first member. */
export function groupPoints(points: readonly LabelPoint[], radius: number): number[][] {
  const group = points.map((_, i) => i);
  const find = (i: number): number => (group[i] === i ? i : (group[i] = find(group[i])));
  for (let i = 0; i < points.length; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y) < 2 * radius) group[find(i)] = find(j);
    }
  }
  const out = new Map<number, number[]>();
  points.forEach((_, i) => {
    const root = find(i);
    out.set(root, [...(out.get(root) ?? []), i]);
  });
  return [...out.values()].sort((a, b) => a[0] - b[0]);
}

/** Labels for `points`, earlier points first (put the Pareto front first: its names matter most). */
export function layoutLabels(points: readonly LabelPoint[], options: LayoutOptions): PlacedLabel[] {
  const { area, lineHeight: h, radius: r, measure } = options;
  const markers: Box[] = points.map((p) => ({ x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r }));
  const placed: Box[] = [];
  const labels: PlacedLabel[] = [];
  for (const members of groupPoints(points, r)) {
    const text = members.map((i) => points[i].text).join(' · ');
    const w = measure(text);
    const cx = members.reduce((a, i) => a + points[i].x, 0) / members.length;
    const cy = members.reduce((a, i) => a + points[i].y, 0) / members.length;
    const spot = findSpot(cx, cy, w, h, r, area, [...placed, ...markers]);
    if (!spot) continue;
    placed.push(spot.box);
    labels.push({ text, x: spot.box.x0, y: spot.box.y0, width: w, members, ...(spot.far ? { leader: leader(cx, cy, spot.box) } : {}) });
  }
  return labels;
}

/** Spots around (x, y): right/left, above/below the marker first, then further out (with a leader line). */
function findSpot(x: number, y: number, w: number, h: number, r: number, area: Box, taken: Box[]): { box: Box; far: boolean } | undefined {
  for (const [distance, far] of [[r + 3, false], [r + 18, true], [r + 36, true]] as const) {
    const d = distance;
    const spots: [number, number][] = [
      [x + d, y - d - h + r], [x + d, y + d - r], [x - d - w, y - d - h + r], [x - d - w, y + d - r],
      [x + d, y - h / 2], [x - d - w, y - h / 2], [x - w / 2, y - d - h], [x - w / 2, y + d],
    ];
    for (const [x0, y0] of spots) {
      const box = { x0, y0, x1: x0 + w, y1: y0 + h };
      if (box.x0 < area.x0 || box.y0 < area.y0 || box.x1 > area.x1 || box.y1 > area.y1) continue;
      if (taken.some((b) => overlaps(box, b))) continue;
      return { box, far };
    }
  }
  return undefined;
}

/** From the point to the nearest point of the label's box. */
function leader(x: number, y: number, box: Box) {
  return { x0: x, y0: y, x1: Math.max(box.x0, Math.min(x, box.x1)), y1: Math.max(box.y0, Math.min(y, box.y1)) };
}
