// Plane geometry for text boxes, pure TS: convex hulls, minimum-area rectangles (what OpenCV's minAreaRect gives
// PaddleOCR's DB post-processing), quadrilateral ordering, polygon IoU (convex clipping) and homographies.

export type Point = readonly [number, number];
/** Four corners, clockwise from the top-left in image coordinates (y down): tl, tr, br, bl. */
export type Quad = [Point, Point, Point, Point];

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
export const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Andrew's monotone chain; returns the hull counter-clockwise in y-up terms (clockwise on screen), no repeats. */
export function convexHull(points: readonly Point[]): Point[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p[i]) <= 0) upper.pop();
    upper.push(p[i]);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export interface RotatedRect {
  center: Point;
  /** Unit vector along the first side, and the side lengths along it (w) and across it (h). */
  axis: Point;
  w: number;
  h: number;
}

/** Smallest-area enclosing rectangle of a point set (rotating calipers over the hull's edges). */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (!hull.length) throw new Error('minAreaRect of no points');
  if (hull.length === 1) return { center: hull[0], axis: [1, 0], w: 0, h: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i], b = hull[(i + 1) % hull.length];
    const len = distance(a, b);
    if (!len) continue;
    const ux = (b[0] - a[0]) / len, uy = (b[1] - a[1]) / len;
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    for (const q of hull) {
      const u = q[0] * ux + q[1] * uy, v = -q[0] * uy + q[1] * ux;
      minU = Math.min(minU, u); maxU = Math.max(maxU, u); minV = Math.min(minV, v); maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const cu = (minU + maxU) / 2, cv = (minV + maxV) / 2;
      best = { center: [cu * ux - cv * uy, cu * uy + cv * ux], axis: [ux, uy], w: maxU - minU, h: maxV - minV };
    }
  }
  return best!;
}

/** Grows a rectangle by `d` on every side (what an outward polygon offset of a rectangle reduces to). */
export const expandRect = (r: RotatedRect, d: number): RotatedRect => ({ ...r, w: r.w + 2 * d, h: r.h + 2 * d });

export function rectCorners(r: RotatedRect): Point[] {
  const [ux, uy] = r.axis;
  const hw = r.w / 2, hh = r.h / 2;
  const [cx, cy] = r.center;
  return [[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]].map(([u, v]): Point => [cx + u * ux - v * uy, cy + u * uy + v * ux]);
}

/**
 * PaddleOCR's order (get_mini_boxes): of the two left-most corners the upper one is top-left, the lower one
 * bottom-left; likewise on the right. Returns tl, tr, br, bl.
 */
export function orderQuad(corners: readonly Point[]): Quad {
  if (corners.length !== 4) throw new Error(`a quad needs 4 corners, got ${corners.length}`);
  const p = [...corners].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [tl, bl] = p[0][1] <= p[1][1] ? [p[0], p[1]] : [p[1], p[0]];
  const [tr, br] = p[2][1] <= p[3][1] ? [p[2], p[3]] : [p[3], p[2]];
  return [tl, tr, br, bl];
}

/** Shoelace area (absolute). */
export function polygonArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i], b = poly[(i + 1) % poly.length];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/** Makes a convex polygon's winding positive (counter-clockwise in y-up terms) for clipping. */
function positive(poly: readonly Point[]): Point[] {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i], b = poly[(i + 1) % poly.length];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s < 0 ? [...poly].reverse() : [...poly];
}

/** Intersection of two convex polygons (Sutherland–Hodgman). */
export function clipConvex(subject: readonly Point[], clip: readonly Point[]): Point[] {
  let out = positive(subject);
  const c = positive(clip);
  for (let i = 0; i < c.length && out.length; i++) {
    const a = c[i], b = c[(i + 1) % c.length];
    const input = out;
    out = [];
    const inside = (p: Point) => cross(a, b, p) >= 0;
    const meet = (p: Point, q: Point): Point => {
      const d1 = cross(a, b, p), d2 = cross(a, b, q);
      const t = d1 / (d1 - d2);
      return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
    };
    for (let j = 0; j < input.length; j++) {
      const p = input[j], q = input[(j + 1) % input.length];
      if (inside(q)) {
        if (!inside(p)) out.push(meet(p, q));
        out.push(q);
      } else if (inside(p)) out.push(meet(p, q));
    }
  }
  return out;
}

/** Intersection over union of two convex polygons (text boxes are convex quadrilaterals). */
export function convexIou(a: readonly Point[], b: readonly Point[]): number {
  const inter = polygonArea(clipConvex(a, b));
  const union = polygonArea(a) + polygonArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** 3x3 homography, row-major, mapping (x, y) -> (X/W, Y/W). */
export type Homography = Float64Array;

/** The homography taking each `from[i]` to `to[i]` (4 point pairs; Gaussian elimination with partial pivoting). */
export function homography(from: readonly Point[], to: readonly Point[]): Homography {
  if (from.length !== 4 || to.length !== 4) throw new Error('homography needs 4 point pairs');
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i], [u, v] = to[i];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let pivot = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) < 1e-12) throw new Error('homography: the points are degenerate (three on a line?)');
    [a[c], a[pivot]] = [a[pivot], a[c]];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k < 9; k++) a[r][k] -= f * a[c][k];
    }
  }
  const h = new Float64Array(9);
  for (let i = 0; i < 8; i++) h[i] = a[i][8] / a[i][i];
  h[8] = 1;
  return h;
}

export function applyHomography(h: Homography, p: Point): Point {
  const w = h[6] * p[0] + h[7] * p[1] + h[8];
  return [(h[0] * p[0] + h[1] * p[1] + h[2]) / w, (h[3] * p[0] + h[4] * p[1] + h[5]) / w];
}

/**
 * Moves every corner of a quad outward by `margin` × its height, along the quad's own edges (so a tilted line
 * grows along its tilt).
 */
export function growQuad(quad: Quad, margin: number): Quad {
  if (!margin) return quad;
  const [tl, tr, br, bl] = quad;
  const h = (distance(tl, bl) + distance(tr, br)) / 2;
  const unit = (a: Point, b: Point): Point => {
    const d = distance(a, b) || 1;
    return [(b[0] - a[0]) / d, (b[1] - a[1]) / d];
  };
  const u = unit(tl, tr), v = unit(tl, bl);
  const m = margin * h;
  const move = (p: Point, su: number, sv: number): Point => [p[0] + m * (su * u[0] + sv * v[0]), p[1] + m * (su * u[1] + sv * v[1])];
  return [move(tl, -1, -1), move(tr, 1, -1), move(br, 1, 1), move(bl, -1, 1)];
}
