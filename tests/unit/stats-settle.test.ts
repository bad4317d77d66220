// Warm-up settle detection and the bootstrap interval of a latency ratio, on synthetic timing series.
import { describe, expect, it } from 'vitest';
import { isSettled, warmUntilSettled } from '../../src/runtime/stats';
import { medianRatioBootstrap } from '../../src/engine/confidence';
import { mulberry32 } from '../../src/engine/random';

/** A model whose k-th round takes series[k] ms per run, on a fake clock that advances by what was run. */
function fakeModel(series: (k: number) => number) {
  let clock = 0, k = 0;
  const runsAsked: number[] = [];
  return {
    now: () => clock,
    runsAsked,
    round: async (runs: number) => {
      const ms = series(k++);
      runsAsked.push(runs);
      clock += runs * ms;
      return ms;
    },
  };
}

describe('isSettled', () => {
  it('needs the last three rounds within 15%', () => {
    expect(isSettled([9, 5, 2.0, 2.2, 2.25])).toBe(true);
    expect(isSettled([2.0, 2.4, 2.2])).toBe(false); // 2.4 > 1.15 × 2.0
    expect(isSettled([1, 1])).toBe(false); // too few rounds
  });

  it('accepts 10 µs of spread on the tiniest models, where 15% is timer jitter', () => {
    expect(isSettled([0.04, 0.049, 0.045])).toBe(true);
    expect(isSettled([0.04, 0.051, 0.045])).toBe(false);
  });
});

describe('warmUntilSettled', () => {
  it('keeps warming while a JIT-like speed-up is still going on, then stops once three rounds agree', async () => {
    const times = [10, 8, 6, 4, 3, 2, 2.05, 1.98, 2.02, 2.0, 2.0];
    const m = fakeModel((k) => times[Math.min(k, times.length - 1)]);
    const r = await warmUntilSettled(m.round, { minMs: 0, maxMs: 10_000 }, m.now);
    expect(r.settled).toBe(true);
    expect(r.rounds).toEqual([10, 8, 6, 4, 3, 2, 2.05, 1.98]);
    // Each round covers ~50 ms of the previous round's speed.
    expect(m.runsAsked).toEqual([1, 5, 6, 8, 12, 16, 25, 24]);
  });

  it('a variant that speeds up while it runs (int8 kernels tiering up: 0.265 -> 0.19 ms) is timed after the speed-up', async () => {
    // Per-run time falls with the time spent running, like Chromium swapping in optimized code for new kernels.
    let clock = 0;
    const perRun = () => 0.19 + 0.075 * Math.exp(-clock / 300);
    const round = async (runs: number) => {
      const ms = perRun();
      clock += runs * ms;
      return ms;
    };
    const r = await warmUntilSettled(round, { minMs: 1500, maxMs: 6000 }, () => clock);
    expect(r.settled).toBe(true);
    expect(r.rounds[0]).toBeCloseTo(0.265, 3);
    expect(perRun()).toBeLessThan(0.2); // what the timed runs after the warm-up see
    expect(r.rounds.at(-1)!).toBeLessThan(0.2);
  });

  it('warms for at least minMs even when the first rounds already agree', async () => {
    const m = fakeModel(() => 1);
    const r = await warmUntilSettled(m.round, { minMs: 500, maxMs: 10_000 }, m.now);
    expect(r.settled).toBe(true);
    expect(r.ms).toBeGreaterThanOrEqual(500);
    expect(r.ms).toBeLessThan(560); // stops within one round of the minimum
  });

  it('gives up after maxMs on a series that never settles, and says so', async () => {
    const m = fakeModel((k) => (k % 2 ? 2 : 1));
    const r = await warmUntilSettled(m.round, { minMs: 0, maxMs: 1000 }, m.now);
    expect(r.settled).toBe(false);
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    expect(r.ms).toBeLessThan(1000 + 200 * 2 + 1);
  });
});

describe('medianRatioBootstrap', () => {
  const noisy = (n: number, centre: number, seed: number) => {
    const rand = mulberry32(seed);
    return Array.from({ length: n }, () => centre * (1 + 0.2 * (rand() - 0.5)));
  };

  it('is exact for constant series', () => {
    expect(medianRatioBootstrap([3, 3, 3], [1, 1, 1])).toEqual({ low: 3, high: 3 });
  });

  it('covers 1 for two draws of the same distribution, and excludes it for a 2× slower one', () => {
    const a = noisy(60, 5, 1), b = noisy(60, 5, 2), slow = noisy(60, 10, 3);
    const same = medianRatioBootstrap(a, b);
    expect(same.low).toBeLessThan(1);
    expect(same.high).toBeGreaterThan(1);
    expect(same.high - same.low).toBeLessThan(0.15);
    const twice = medianRatioBootstrap(slow, b);
    expect(twice.low).toBeGreaterThan(1.85);
    expect(twice.high).toBeLessThan(2.15);
  });

  it('gives the same interval for the same times (seeded)', () => {
    const a = noisy(31, 5, 7), b = noisy(29, 4, 8);
    expect(medianRatioBootstrap(a, b)).toEqual(medianRatioBootstrap(a, b));
  });
});
