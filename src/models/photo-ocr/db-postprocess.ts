// Differentiable Binarization (DB) post-processing, following PaddleOCR's DBPostProcess (ppocr/postprocess/
// db_postprocess.py, score_mode "fast", box_type "quad") and predict_det's filter_tag_det_res, on plain arrays:
//   probability map > thresh -> 8-connected regions (PaddleOCR: cv2.findContours) -> each region's minimum-area
//   rectangle -> drop regions thinner than minSize or whose mean probability inside the rectangle < boxThresh ->
//   "unclip": grow the rectangle by area * unclipRatio / perimeter on every side (pyclipper's rounded offset of a
//   rectangle, whose minimum-area rectangle is exactly that) -> scale to photo coordinates.
// The detector predicts shrunk text kernels, so unclipping restores the whole line.
import { expandRect, minAreaRect, orderQuad, rectCorners, type Point, type Quad } from './geometry';

export interface DbOptions {
  /** Pixel threshold on the probability map (PaddleOCR det_db_thresh). */
  thresh: number;
  /** Least mean probability inside a box (det_db_box_thresh). */
  boxThresh: number;
  /** How much the shrunk kernel grows back (det_db_unclip_ratio). */
  unclipRatio: number;
  /** Thinnest box side kept, in map pixels. */
  minSize: number;
  /** Most regions considered (largest first is not guaranteed: scan order, as cv2's contour order). */
  maxCandidates: number;
}

export const DB_DEFAULTS: DbOptions = { thresh: 0.3, boxThresh: 0.6, unclipRatio: 1.5, minSize: 3, maxCandidates: 1000 };

export interface ProbabilityMap {
  width: number;
  height: number;
  /** Row-major probabilities in [0, 1]. */
  data: Float32Array;
}

export interface DetectedBox {
  /** tl, tr, br, bl in photo pixels. */
  quad: Quad;
  /** Mean probability inside the (un-grown) box. */
  score: number;
}

/** Each 8-connected region of `mask`, as the left-most and right-most pixel of each of its rows. */
export function regions(mask: Uint8Array, width: number, height: number, limit = Infinity): Point[][] {
  const label = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const out: Point[][] = [];
  for (let start = 0; start < mask.length && out.length < limit; start++) {
    if (!mask[start] || label[start]) continue;
    const id = out.length + 1;
    const rowMin = new Map<number, number>(), rowMax = new Map<number, number>();
    let top = 0;
    stack[top++] = start;
    label[start] = id;
    while (top) {
      const p = stack[--top];
      const x = p % width, y = (p - x) / width;
      if (!(rowMin.get(y)! <= x)) rowMin.set(y, x);
      if (!(rowMax.get(y)! >= x)) rowMax.set(y, x);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (mask[q] && !label[q]) {
            label[q] = id;
            stack[top++] = q;
          }
        }
      }
    }
    const points: Point[] = [];
    for (const [y, x] of rowMin) points.push([x, y], [rowMax.get(y)!, y]);
    out.push(points);
  }
  return out;
}

/** Mean of the map over the pixels whose centres lie inside the convex quad (PaddleOCR box_score_fast). */
export function boxScore(map: ProbabilityMap, quad: readonly Point[]): number {
  const xs = quad.map((p) => p[0]), ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs))), x1 = Math.min(map.width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys))), y1 = Math.min(map.height - 1, Math.ceil(Math.max(...ys)));
  let sum = 0, count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvex(quad, x, y)) continue;
      sum += map.data[y * map.width + x];
      count++;
    }
  }
  return count ? sum / count : 0;
}

/** Inside or on the edge (half a pixel of slack, as cv2.fillPoly also paints boundary pixels). */
function insideConvex(poly: readonly Point[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i], b = poly[(i + 1) % poly.length];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const c = ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])) / len;
    if (Math.abs(c) <= 0.5) continue;
    const s = Math.sign(c);
    if (sign && s !== sign) return false;
    sign = s;
  }
  return true;
}

/** Boxes in photo coordinates (`photoWidth` x `photoHeight`), in the order the regions were found. */
export function boxesFromMap(map: ProbabilityMap, photoWidth: number, photoHeight: number, options: Partial<DbOptions> = {}): DetectedBox[] {
  const o = { ...DB_DEFAULTS, ...options };
  if (map.data.length !== map.width * map.height) throw new Error(`probability map: ${map.width}x${map.height} needs ${map.width * map.height} values, got ${map.data.length}`);
  const mask = new Uint8Array(map.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = map.data[i] > o.thresh ? 1 : 0;
  const sx = photoWidth / map.width, sy = photoHeight / map.height;
  const boxes: DetectedBox[] = [];
  for (const points of regions(mask, map.width, map.height, o.maxCandidates)) {
    const rect = minAreaRect(points);
    if (Math.min(rect.w, rect.h) < o.minSize) continue;
    const score = boxScore(map, rectCorners(rect));
    if (score < o.boxThresh) continue;
    const grown = expandRect(rect, (rect.w * rect.h * o.unclipRatio) / (2 * (rect.w + rect.h)));
    if (Math.min(grown.w, grown.h) < o.minSize + 2) continue;
    const scaled = rectCorners(grown).map(([x, y]): Point => [
      clamp(Math.round(x * sx), 0, photoWidth - 1),
      clamp(Math.round(y * sy), 0, photoHeight - 1),
    ]);
    const quad = orderQuad(scaled);
    // filter_tag_det_res: drop boxes 3 px or less on a side after clipping to the photo.
    const w = Math.floor(Math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1]));
    const h = Math.floor(Math.hypot(quad[3][0] - quad[0][0], quad[3][1] - quad[0][1]));
    if (w <= 3 || h <= 3) continue;
    boxes.push({ quad, score });
  }
  return boxes;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
