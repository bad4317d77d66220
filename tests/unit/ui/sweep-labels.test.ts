// The sweep chart's point labels: never over another label, never over a point's marker, never outside the plot.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/engine/random';
import { groupPoints, layoutLabels, overlaps, type Box, type LabelPoint } from '../../../src/ui/sweep/label-layout';

const AREA: Box = { x0: 0, y0: 0, x1: 600, y1: 360 };
const R = 7;
const measure = (t: string) => 6.5 * t.length; // ~12px system-ui

function check(points: LabelPoint[]) {
  const labels = layoutLabels(points, { area: AREA, lineHeight: 14, radius: R, measure });
  const boxes = labels.map((l) => ({ x0: l.x, y0: l.y, x1: l.x + l.width, y1: l.y + 14 }));
  boxes.forEach((b, i) => {
    expect(b.x0 >= AREA.x0 && b.y0 >= AREA.y0 && b.x1 <= AREA.x1 && b.y1 <= AREA.y1, `label ${i} inside`).toBe(true);
    boxes.forEach((c, j) => j !== i && expect(overlaps(b, c), `labels ${i} and ${j}`).toBe(false));
    points.forEach((p, k) => expect(overlaps(b, { x0: p.x - R, y0: p.y - R, x1: p.x + R, y1: p.y + R }), `label ${i} over marker ${k}`).toBe(false));
  });
  return labels;
}

describe('chart label layout', () => {
  it('places every name of well-separated points right next to its point', () => {
    const points = [{ x: 100, y: 100, text: 'fp32 (original)' }, { x: 300, y: 200, text: 'int8 dynamic' }, { x: 450, y: 60, text: 'int4 weight-only' }];
    const labels = check(points);
    expect(labels.map((l) => l.text)).toEqual(points.map((p) => p.text));
    expect(labels.every((l) => !l.leader)).toBe(true);
  });

  it('gives points that share a spot one label naming them all', () => {
    const points = [{ x: 200, y: 150, text: 'prune 25%' }, { x: 203, y: 151, text: 'prune 50%' }, { x: 400, y: 150, text: 'fp16' }, { x: 205, y: 148, text: 'prune 75%' }];
    expect(groupPoints(points, R)).toEqual([[0, 1, 3], [2]]);
    const labels = check(points);
    expect(labels.map((l) => l.text)).toEqual(['prune 25% · prune 50% · prune 75%', 'fp16']);
    expect(labels[0].members).toEqual([0, 1, 3]);
  });

  it('keeps names apart in a crowded cluster, moving some out with a leader line', () => {
    const rand = mulberry32(3);
    for (let trial = 0; trial < 20; trial++) {
      const points = Array.from({ length: 14 }, (_, i) => ({ x: 250 + rand() * 100, y: 150 + rand() * 60, text: `recipe number ${i}` }));
      const labels = check(points);
      expect(labels.length).toBeGreaterThan(0);
    }
    // A 3×4 grid of close (not coincident) points: all twelve names fit, some of them away from their points.
    const cluster = Array.from({ length: 12 }, (_, i) => ({ x: 300 + 15 * (i % 3), y: 180 + 15 * Math.floor(i / 3), text: `r${i} int8` }));
    const labels = check(cluster);
    expect(labels).toHaveLength(12);
    expect(labels.some((l) => l.leader)).toBe(true);
  });

  it('leaves a name out rather than draw it outside the plot', () => {
    const labels = check([{ x: 595, y: 5, text: 'a very long recipe name that cannot fit anywhere near the corner of this small plot area at all' }]);
    expect(labels).toEqual([]);
  });
});
