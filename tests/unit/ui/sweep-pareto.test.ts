import { describe, expect, it } from 'vitest';
import { dominates, paretoFront } from '../../../src/engine/pareto';
import { defaultFloor, floorLimit, goalFor, tradeoff, type SweepResult } from '../../../src/ui/sweep/results';

const SMALL_ACCURATE = { x: 'min', y: 'max' } as const;

  const row = (id: string, raw: number, gzip: number, ms: number, value: number, metric: 'accuracy' | 'cer' = 'accuracy', error?: string): SweepResult => ({
    id, label: { en: id, zh: id }, recipe: id === 'fp32' ? [] : [{ transform: 'fp16' }], error,
    size: { raw, gzip }, latency: {
      n: 5, warmup: 1, medianMs: ms, p95Ms: ms, minMs: ms, maxMs: ms, meanMs: ms,
      input: { source: 'eval-set', index: 1, dims: [[1]] }, settle: { runs: 1, ms: 1, settled: true, lastMs: ms }, backend: 'wasm', threads: 1,
    },
    evaluation: { metric, value, ci95: { low: value, high: value }, n: 100, ms: 1, agreement: { top1Match: 1 - value / 10, meanAbsDelta: 0, n: 100 } },
  });

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
    const rows = [row('fp32', 200, 190, 1, 0.99), row('pruned', 210, 30, 1, 0.95), row('int8', 50, 45, 2, 0.98), row('broken', 1, 1, 1, 1, 'accuracy', 'failed')];
    const front = (rs: SweepResult[], x: 'raw' | 'gzip' | 'latency', y: 'metric' | 'agreement' = 'metric') => [...tradeoff(rs, x, y).front].sort();
    expect(front(rows, 'raw')).toEqual(['fp32', 'int8']); // a failed row never counts
    expect(front(rows.slice(0, 3), 'raw')).toEqual(['fp32', 'int8']);
    expect(front(rows.slice(0, 3), 'gzip')).toEqual(['fp32', 'int8', 'pruned']);
    expect(front(rows.slice(0, 3), 'latency')).toEqual(['fp32']);
    const ocr = [row('fp32', 200, 190, 1, 0.05, 'cer'), row('int8', 50, 45, 1, 0.08, 'cer'), row('bad', 60, 50, 1, 0.5, 'cer')];
    expect(goalFor(ocr, 'metric')).toEqual({ x: 'min', y: 'min' });
    expect(goalFor(ocr, 'agreement')).toEqual({ x: 'min', y: 'max' });
    expect(front(ocr, 'raw')).toEqual(['fp32', 'int8']);
  });

  it('calls nothing below the quality floor Pareto: 2 pp of accuracy, 10% of CER by default, adjustable', () => {
    const rows = [row('fp32', 200, 190, 1, 0.98), row('int8', 50, 45, 1, 0.965), row('pruned', 20, 15, 1, 0.9)];
    // Without a floor the tiny broken recipe is on the front; with the default 2 pp (>= 96%) it is drawn but not Pareto.
    expect(tradeoff(rows, 'raw', 'metric').front).toEqual(['pruned', 'int8', 'fp32']);
    const floored = tradeoff(rows, 'raw', 'metric', defaultFloor('accuracy'));
    expect(floored.limit).toBeCloseTo(0.96, 12);
    expect(floored.front).toEqual(['int8', 'fp32']);
    expect([...floored.below]).toEqual(['pruned']);
    // A floor of 1 pp drops int8 (1.5 pp worse) too; fp32 itself always meets it.
    expect(tradeoff(rows, 'raw', 'metric', { mode: 'pp', value: 1 })).toMatchObject({ front: ['fp32'], below: new Set(['int8', 'pruned']) });
    // CER: lower is better, the default floor is 10% of fp32's own CER (5% -> 5.5%).
    const ocr = [row('fp32', 200, 190, 1, 0.05, 'cer'), row('int8', 50, 45, 1, 0.054, 'cer'), row('int4', 40, 35, 1, 0.056, 'cer')];
    expect(defaultFloor('cer')).toEqual({ mode: 'relative', value: 10 });
    expect(floorLimit(0.05, defaultFloor('cer'), true)).toBeCloseTo(0.055, 12);
    expect(tradeoff(ocr, 'raw', 'metric', defaultFloor('cer'))).toMatchObject({ front: ['int8', 'fp32'], below: new Set(['int4']) });
    // No fp32 row, no floor to measure: every measured recipe counts.
    expect(tradeoff(ocr.slice(1), 'raw', 'metric', defaultFloor('cer'))).toMatchObject({ front: ['int4', 'int8'], limit: undefined });
  });
});
