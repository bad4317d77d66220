// Pareto fronts for trade-off charts: the recipes nothing else beats on both axes at once (smaller *and* more
// accurate). Pure, so the chart, the table and tests agree on which points are on the front.
export type Direction = 'min' | 'max';

export interface Goal {
  x: Direction;
  y: Direction;
}

export interface Point {
  x: number;
  y: number;
}

const better = (a: number, b: number, d: Direction) => (d === 'min' ? a < b : a > b);
const notWorse = (a: number, b: number, d: Direction) => (d === 'min' ? a <= b : a >= b);
const usable = (p: Point | undefined): p is Point => !!p && Number.isFinite(p.x) && Number.isFinite(p.y);

/** a dominates b: at least as good on both axes and strictly better on one. */
export function dominates(a: Point, b: Point, goal: Goal): boolean {
  return notWorse(a.x, b.x, goal.x) && notWorse(a.y, b.y, goal.y) && (better(a.x, b.x, goal.x) || better(a.y, b.y, goal.y));
}

/**
 * Indices of the non-dominated points, ordered along x from best to worst (the order to draw the front's line).
 * Missing points and points with a non-finite coordinate (a failed or unmeasured recipe) are never on the front;
 * identical points are all kept, since neither beats the other.
 */
export function paretoFront(points: readonly (Point | undefined)[], goal: Goal): number[] {
  const front: number[] = [];
  points.forEach((p, i) => {
    if (usable(p) && !points.some((q, j) => j !== i && usable(q) && dominates(q, p, goal))) front.push(i);
  });
  const sign = (d: Direction) => (d === 'min' ? 1 : -1);
  return front.sort((i, j) => sign(goal.x) * (points[i]!.x - points[j]!.x) || sign(goal.y) * (points[i]!.y - points[j]!.y) || i - j);
}
