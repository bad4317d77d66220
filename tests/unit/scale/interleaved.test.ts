// Interleaved timing with a fake clock: ABBA order, blocks sized from the warm-up, the run/time budget, the ratio of
// medians with its interval, and a zero warm-up budget (no rounds at all).
import { describe, expect, it } from 'vitest';
import { timeInterleaved, type InterleaveBudget } from '../../../src/runtime/interleaved';
import { median } from '../../../src/runtime/stats';

function fakeClock() {
  let t = 0;
  const order: string[] = [];
  const run = (name: string, ms: number) => async () => {
    t += ms;
    order.push(name);
    return ms;
  };
  return { now: () => t, run, order };
}

const budget: InterleaveBudget = { minRuns: 4, maxRuns: 40, minMs: 100, maxMs: 10_000, warmMinMs: 10, warmMaxMs: 200 };
const runsOf = (order: string[]) => order.join('').replace(/(.)\1*/g, (m) => `${m[0]}${m.length} `).trim();

describe('timeInterleaved', () => {
  it('warms both sides, then alternates A B, B A, ... in blocks until minRuns and minMs are met', async () => {
    const c = fakeClock();
    const r = await timeInterleaved(c.run('A', 5), c.run('B', 2), budget, c.now);
    // Warm-up: 1 run, then rounds of ~50 ms (10 runs of A, 25 of B) until three rounds agree.
    expect(runsOf(c.order.slice(0, 72))).toBe('A21 B51');
    // Blocks of min(ceil(40 / 6), floor(20 ms / 2 ms)) = 7; three rounds reach 147 ms >= 100 ms.
    expect(r.block).toBe(7);
    expect(runsOf(c.order.slice(72))).toBe('A7 B14 A14 B7'); // rounds A B | B A | A B
    expect(r.baseline).toHaveLength(21);
    expect(r.variant).toHaveLength(21);
    expect(r.ratio).toBeCloseTo(0.4, 12);
    expect(r.ci).toEqual({ low: 0.4, high: 0.4 });
    expect(r.warm.baseline.settled && r.warm.variant.settled).toBe(true);
  });

  it('stops at maxMs with at least two runs per side, and copes with no warm-up rounds', async () => {
    const c = fakeClock();
    const r = await timeInterleaved(c.run('A', 30), c.run('B', 30), { ...budget, minRuns: 5, maxMs: 50, warmMinMs: 0, warmMaxMs: 0 }, c.now);
    expect(r.warm.baseline.rounds).toEqual([]);
    expect(r.block).toBe(1);
    expect(runsOf(c.order)).toBe('A1 B2 A1');
    expect(r.ratio).toBe(1);
  });

  it('compares adjacent blocks, so a machine that switches between a fast and a slow regime cannot move fp32 off 1x', async () => {
    // This VM's pattern, made deterministic: runs take 100 ms for 0.7 s, then 150 ms for 0.7 s, and so on.
    let t = 500;
    const now = () => t;
    const run = () => async () => {
      const ms = Math.floor(t / 700) % 2 ? 150 : 100;
      t += ms;
      return ms;
    };
    const r = await timeInterleaved(run(), run(), { minRuns: 15, maxRuns: 15, minMs: 0, maxMs: Infinity, warmMinMs: 0, warmMaxMs: 0 }, now);
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    const ofMedians = median(sorted(r.variant)) / median(sorted(r.baseline));
    expect(ofMedians).toBe(1.5); // the estimator this replaced: fp32 "50% slower" than itself
    expect(r.pairs).toHaveLength(15);
    expect(r.ratio).toBe(1);
    expect(r.ci.low).toBeLessThanOrEqual(1);
    expect(r.ci.high).toBeGreaterThanOrEqual(1);
  });
});
