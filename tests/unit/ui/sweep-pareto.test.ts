import { describe, expect, it } from 'vitest';
import { dominates, paretoFront } from '../../../src/engine/pareto';
import { goalFor, paretoIds, type SweepResult } from '../../../src/ui/sweep/results';

const SMALL_ACCURATE = { x: 'min', y: 'max' } as const;

describe('Pareto front', () => {
  it('keeps the points nothing beats on both axes, ordered along x', () => {
    // size (KiB), accuracy
    const points = [
      { x: 200, y: 0.99 }, // fp32: the most accurate
      { x: 100, y: 0.99 }, // fp16: as accurate, half the size -> beats fp32
      { x: 50, y: 0.98 }, // int8
      { x: 60, y: 0.97 }, // beaten by int8 (bigger and worse)
      { x: 15, y: 0.4 }, // tiny but bad: still on the front
    ];
    expect(paretoFront(points, SMALL_ACCURATE)).toEqual([4, 2, 1]);
    expect(dominates(points[1], points[0], SMALL_ACCURATE)).toBe(true);
    expect(dominates(points[0], points[0], SMALL_ACCURATE)).toBe(false);
  });

  it('minimises both axes for error rates, keeps ties, and skips missing or non-finite points', () => {
    const points = [{ x: 10, y: 0.05 }, { x: 10, y: 0.05 }, { x: 5, y: 0.2 }, undefined, { x: Number.NaN, y: 0 }, { x: 20, y: 0.06 }];
    expect(paretoFront(points, { x: 'min', y: 'min' })).toEqual([2, 0, 1]);
    expect(paretoFront([], SMALL_ACCURATE)).toEqual([]);
  });

  it('picks the front of sweep rows by the chosen axes, and minimises CER', () => {
    const row = (id: string, raw: number, gzip: number, ms: number, value: number, metric: 'accuracy' | 'cer' = 'accuracy', error?: string): SweepResult => ({
      id, label: { en: id, zh: id }, recipe: id === 'fp32' ? [] : [{ transform: 'fp16' }], error,
      size: { raw, gzip }, latency: { n: 5, warmup: 1, medianMs: ms, p95Ms: ms, minMs: ms, maxMs: ms, meanMs: ms },
      evaluation: { metric, value, ci95: { low: value, high: value }, n: 100, ms: 1, agreement: { top1Match: 1 - value / 10, meanAbsDelta: 0, n: 100 } },
    });
    const rows = [row('fp32', 200, 190, 1, 0.99), row('pruned', 210, 30, 1, 0.95), row('int8', 50, 45, 2, 0.98), row('broken', 1, 1, 1, 1, 'accuracy', 'failed')];
    expect([...paretoIds(rows, 'raw', 'metric')].sort()).toEqual(['fp32', 'int8']); // a failed row never counts
    expect([...paretoIds(rows.slice(0, 3), 'raw', 'metric')].sort()).toEqual(['fp32', 'int8']);
    expect([...paretoIds(rows.slice(0, 3), 'gzip', 'metric')].sort()).toEqual(['fp32', 'int8', 'pruned']);
    expect([...paretoIds(rows.slice(0, 3), 'latency', 'metric')]).toEqual(['fp32']);
    const ocr = [row('fp32', 200, 190, 1, 0.05, 'cer'), row('int8', 50, 45, 1, 0.08, 'cer'), row('bad', 60, 50, 1, 0.5, 'cer')];
    expect(goalFor(ocr, 'metric')).toEqual({ x: 'min', y: 'min' });
    expect(goalFor(ocr, 'agreement')).toEqual({ x: 'min', y: 'max' });
    expect([...paretoIds(ocr, 'raw', 'metric')].sort()).toEqual(['fp32', 'int8']);
  });
});
