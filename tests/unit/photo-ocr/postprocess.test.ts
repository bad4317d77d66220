// DB post-processing on hand-made probability maps, the geometry under it, reading order, the matching rule the
// metrics use, and per-stage recipes. Expected values are worked out by hand in the comments, not by the code.
import { describe, expect, it } from 'vitest';
import { recipeKey } from '../../../src/engine/pipeline';
import { boxesFromMap, type ProbabilityMap } from '../../../src/models/photo-ocr/db-postprocess';
import { applyHomography, convexIou, growQuad, homography, minAreaRect, type Point, type Quad } from '../../../src/models/photo-ocr/geometry';
import { scorePhoto, summarizeScores } from '../../../src/models/photo-ocr/metrics';
import { readingOrder } from '../../../src/models/photo-ocr/reading-order';
import { recipeSignature } from '../../../src/ui/export/recipe-text';
import { decodePermalink, encodePermalink } from '../../../src/ui/state/permalink';
import { stageRecipe } from '../../../src/workers/staged-service';

/** A map of `w`×`h` zeros with value `p` inside each [x0, y0, x1, y1] (inclusive pixel ranges). */
function map(w: number, h: number, rects: [number, number, number, number, number][]): ProbabilityMap {
  const data = new Float32Array(w * h);
  for (const [x0, y0, x1, y1, p] of rects) for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) data[y * w + x] = p;
  return { width: w, height: h, data };
}
const sorted = (q: Quad) => [...q].map((p) => [...p]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('DB post-processing', () => {
  it('finds one box per text kernel and grows it by area × 1.5 / perimeter on every side', () => {
    // Kernel pixels x 10..49, y 20..29: pixel centres span 39 × 9, so d = 39·9·1.5 / (2·48) = 5.484375.
    // Grown: x 10 − d .. 49 + d = 4.52 .. 54.48, y 20 − d .. 29 + d = 14.52 .. 34.48, rounded: 5..54, 15..34.
    const boxes = boxesFromMap(map(80, 60, [[10, 20, 49, 29, 0.9], [60, 40, 75, 47, 0.8]]), 80, 60);
    expect(boxes).toHaveLength(2);
    expect(sorted(boxes[0].quad)).toEqual([[5, 15], [5, 34], [54, 15], [54, 34]]);
    expect(boxes[0].quad[0]).toEqual([5, 15]); // top-left first, then clockwise
    expect(boxes[0].quad[2]).toEqual([54, 34]);
    expect(boxes[0].score).toBeCloseTo(0.9, 6);
    // Second kernel 60..75 × 40..47: 15 × 7, d = 15·7·1.5/(2·22) = 3.58; 56.42..78.58 → 56..79 but clipped to 79; 36.42..50.58 → 36..51.
    expect(sorted(boxes[1].quad)).toEqual([[56, 36], [56, 51], [79, 36], [79, 51]]);
  });

  it('scales boxes from the map to the photo', () => {
    const [box] = boxesFromMap(map(80, 60, [[10, 20, 49, 29, 0.9]]), 160, 120);
    expect(sorted(box.quad)).toEqual([[9, 29], [9, 69], [109, 29], [109, 69]]); // 2 × (4.52, 14.52, 54.48, 34.48), rounded
  });

  it('drops regions whose mean probability is below the box threshold, and regions thinner than 3 px', () => {
    expect(boxesFromMap(map(80, 60, [[10, 20, 49, 29, 0.5]]), 80, 60)).toEqual([]); // above 0.3, below 0.6
    expect(boxesFromMap(map(80, 60, [[10, 20, 49, 21, 0.9]]), 80, 60)).toEqual([]); // 2 rows: side 1 < 3
    expect(boxesFromMap(map(80, 60, []), 80, 60)).toEqual([]);
  });

  it('follows a tilted kernel: the box is the rotated rectangle, not its bounding box', () => {
    const m = map(100, 100, []);
    // A 60 × 6 bar tilted by atan(1/3) ≈ 18.4°.
    for (let t = 0; t < 60; t++) for (let s = -3; s < 3; s++) {
      const x = Math.round(20 + t * 0.95 - s * 0.32), y = Math.round(30 + t * 0.32 + s * 0.95);
      m.data[y * 100 + x] = 0.95;
    }
    const [box] = boxesFromMap(m, 100, 100);
    const [tl, tr] = box.quad;
    expect(Math.atan2(tr[1] - tl[1], tr[0] - tl[0]) * 180 / Math.PI).toBeGreaterThan(14);
    expect(Math.atan2(tr[1] - tl[1], tr[0] - tl[0]) * 180 / Math.PI).toBeLessThan(23);
  });
});

describe('geometry', () => {
  it('minAreaRect of an axis-aligned point set is its box; IoU of two half-overlapping squares is 1/3', () => {
    const r = minAreaRect([[0, 0], [4, 0], [4, 2], [0, 2], [2, 1]]);
    expect([Math.max(r.w, r.h), Math.min(r.w, r.h)]).toEqual([4, 2]);
    const a: Point[] = [[0, 0], [2, 0], [2, 2], [0, 2]], b: Point[] = [[1, 0], [3, 0], [3, 2], [1, 2]];
    expect(convexIou(a, b)).toBeCloseTo(2 / 6, 12);
    expect(convexIou(a, [[5, 5], [6, 5], [6, 6], [5, 6]])).toBe(0);
  });

  it('homography maps the four corners where asked', () => {
    const from: Point[] = [[0, 0], [10, 0], [10, 5], [0, 5]], to: Point[] = [[1, 2], [12, 1], [11, 8], [0, 7]];
    const h = homography(from, to);
    from.forEach((p, i) => {
      const [x, y] = applyHomography(h, p);
      expect(x).toBeCloseTo(to[i][0], 9);
      expect(y).toBeCloseTo(to[i][1], 9);
    });
  });

  it('growQuad moves each corner out by margin × height along the quad’s own edges', () => {
    expect(growQuad([[10, 10], [50, 10], [50, 20], [10, 20]], 0.2)).toEqual([[8, 8], [52, 8], [52, 22], [8, 22]]);
  });
});

describe('reading order', () => {
  it('reads rows top to bottom and left to right, with a price beside its item in one row', () => {
    const q = (x: number, y: number, w: number, h: number): Quad => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
    // item at y 50, its price 3 px lower on the right; a title above; a footer below.
    const { order, row } = readingOrder([q(200, 53, 40, 20), q(10, 100, 80, 20), q(10, 50, 90, 20), q(60, 10, 100, 30)]);
    expect(order).toEqual([3, 2, 0, 1]);
    expect(row[2]).toBe(row[0]);
  });
});

describe('matching rule for the metrics', () => {
  const truth = [
    { text: 'Coffee', quad: [[0, 0], [60, 0], [60, 20], [0, 20]] as Quad },
    { text: '12.00', quad: [[100, 0], [150, 0], [150, 20], [100, 20]] as Quad },
    { text: '谢谢', quad: [[0, 40], [40, 40], [40, 60], [0, 60]] as Quad },
  ];
  it('pairs by IoU >= 0.5; unpaired truth is deleted, unpaired kept predictions are inserted', () => {
    const predicted = [
      { text: 'Cofee', dropped: false, quad: [[2, 1], [62, 1], [62, 21], [2, 21]] as Quad }, // IoU ≈ 0.9: 1 edit
      { text: '12.00', dropped: true, quad: [[100, 0], [150, 0], [150, 20], [100, 20]] as Quad }, // paired but dropped: 5 edits
      { text: 'xyz', dropped: false, quad: [[200, 200], [230, 200], [230, 220], [200, 220]] as Quad }, // unpaired: 3 insertions
    ]; // 谢谢 unpaired: 2 deletions
    const s = scorePhoto(truth, predicted);
    expect(s).toMatchObject({ truthLines: 3, predictedBoxes: 3, matched: 2, edits: 1 + 5 + 2 + 3, chars: 6 + 5 + 2, exactLines: 0 });
    const m = summarizeScores([s]);
    expect([m.precision, m.recall, m.f1, m.cer]).toEqual([2 / 3, 2 / 3, 4 / 6, 11 / 13]);
  });

  it('a box overlapping the truth by less than IoU 0.5 does not count', () => {
    const s = scorePhoto(truth.slice(0, 1), [{ text: 'Coffee', dropped: false, quad: [[30, 0], [90, 0], [90, 20], [30, 20]] as Quad }]); // IoU 1/3
    expect(s.matched).toBe(0);
    expect(s.edits).toBe(12);
  });
});

describe('per-stage recipes', () => {
  it('a step with `stages` applies to those stages only; the stage list is not passed on', () => {
    const steps = [{ transform: 'int8-dynamic' as const, options: {} }, { transform: 'fp16' as const, stages: ['rec'] }];
    expect(stageRecipe(steps, 'det')).toEqual([{ transform: 'int8-dynamic', options: {} }]);
    expect(stageRecipe(steps, 'rec')).toEqual([{ transform: 'int8-dynamic', options: {} }, { transform: 'fp16' }]);
  });

  it('the variant cache key, the applied-recipe signature and the permalink keep a step’s stages (and nothing changes without them)', async () => {
    const all = [{ transform: 'int8-dynamic' as const, options: {} }];
    const some = [{ transform: 'int8-dynamic' as const, options: {}, stages: ['det', 'rec'] }];
    expect(await recipeKey('m', all)).not.toBe(await recipeKey('m', some));
    expect(await recipeKey('m', some)).toBe(await recipeKey('m', [{ ...some[0], stages: ['rec', 'det'] }]));
    // The pane re-applies only when the signature changes: a new stage scope must change it.
    expect(recipeSignature(all)).not.toBe(recipeSignature(some));
    expect(recipeSignature(some)).toBe(recipeSignature([{ ...some[0], stages: ['rec', 'det'] }]));
    expect(recipeSignature(all)).toBe(recipeSignature([{ transform: 'int8-dynamic', options: {}, exclude: [] }]));
    const link = decodePermalink(encodePermalink({ model: 'photo-ocr-ppocrv4', panes: [{ recipe: all, choice: { backend: 'wasm' } }, { recipe: some, choice: { backend: 'wasm' } }] }))!;
    expect(link.panes[0].recipe[0]).not.toHaveProperty('stages');
    expect(link.panes[1].recipe[0].stages).toEqual(['det', 'rec']);
  });
});
