// Uploaded models' outputs as people read them: top-k for scores, a heat-map for maps, a table otherwise.
import { describe, expect, it } from 'vitest';
import { outputViews } from '../../src/engine/output-views';

describe('output views', () => {
  it('2-D scores become top-k, with softmax for logits and as-is for probabilities', () => {
    const [logits, probs] = outputViews({
      logits: { type: 'float32', dims: [1, 4], data: Float32Array.from([0, 2, 1, -1]) },
      probs: { type: 'float32', dims: [1, 3], data: Float32Array.from([0.2, 0.5, 0.3]) },
    });
    expect(logits).toMatchObject({ kind: 'topk', softmaxed: true });
    if (logits.kind !== 'topk' || probs.kind !== 'topk') throw new Error('not top-k');
    expect(logits.top.map((t) => t.index)).toEqual([1, 2, 0, 3]);
    const z = Math.exp(0) + Math.exp(2) + Math.exp(1) + Math.exp(-1);
    expect(logits.top[0].probability).toBeCloseTo(Math.exp(2) / z, 6);
    expect(probs).toMatchObject({ softmaxed: false });
    expect(probs.top[0]).toMatchObject({ index: 1, probability: 0.5 });
  });

  it('4-D maps become heat-maps: one channel scaled to [0, 1], several channels as the argmax class', () => {
    const [mask, classes] = outputViews({
      mask: { type: 'float32', dims: [1, 1, 2, 2], data: Float32Array.from([-1, 0, 1, 3]) },
      seg: { type: 'float32', dims: [1, 2, 2, 2], data: Float32Array.from([5, 0, 1, 0, 0, 9, 0, 2]) }, // two channel planes
    });
    expect(mask).toMatchObject({ kind: 'heatmap', width: 2, height: 2, min: -1, max: 3 });
    if (mask.kind !== 'heatmap' || classes.kind !== 'heatmap') throw new Error('not a heat-map');
    expect(Array.from(mask.values)).toEqual([0, 0.25, 0.5, 1]);
    expect(classes.classes).toBe(2);
    expect(Array.from(classes.values)).toEqual([0, 1, 0, 1]);
  });

  it('large maps are subsampled for display; anything else is a values table with statistics', () => {
    const [big, other] = outputViews({
      big: { type: 'float32', dims: [1, 1, 640, 320], data: new Float32Array(640 * 320) },
      boxes: { type: 'int64', dims: [3, 2], data: BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n]) },
    });
    expect(big).toMatchObject({ kind: 'heatmap', width: 80, height: 160 });
    expect(other).toMatchObject({ kind: 'table', type: 'int64', count: 6, values: [1, 2, 3, 4, 5, 6], min: 1, max: 6, mean: 3.5 });
  });
});
