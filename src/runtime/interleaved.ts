// Latency of a variant against its baseline, measured in the same minutes: both warm up until their times settle,
// then run in alternating blocks, baseline-variant then variant-baseline (ABBA), so a machine whose load swings moves
// both series alike and the ratio of medians stays put. The number of runs is set by a time budget, because one
// point of a scale sweep takes 0.05 ms and another 1 s: small models get many runs, large ones at least `minRuns`.
import { medianRatioBootstrap, type Interval } from '../engine/confidence';
import { median, warmUntilSettled, type SettleResult } from './stats';

/** One timed run (ms). A "run" may be a whole workload, e.g. 32 decode steps. */
export type TimedRun = () => Promise<number>;

export interface InterleaveBudget {
  /** Runs per side at least ... */
  minRuns: number;
  /** ... and at most. */
  maxRuns: number;
  /** Keep alternating until both sides together took this long (ms), once minRuns are in ... */
  minMs: number;
  /** ... but stop after this long (ms) with what is there (at least 2 runs per side). */
  maxMs: number;
  /** Warm-up per side: at least / at most this long (ms), until three rounds agree (see warmUntilSettled). */
  warmMinMs: number;
  warmMaxMs: number;
}

export interface InterleaveResult {
  baseline: number[];
  variant: number[];
  /** median(variant) / median(baseline), with a 95% bootstrap interval. */
  ratio: number;
  ci: Interval;
  warm: { baseline: SettleResult; variant: SettleResult };
  /** Runs per block (small models run several per side before switching, so switching costs little). */
  block: number;
}

/** Each block should take about this long, so cache refills after switching sessions are a small share. */
const BLOCK_MS = 20;

async function medianOf(run: TimedRun, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await run());
  return median(times.sort((a, b) => a - b));
}

export async function timeInterleaved(baseline: TimedRun, variant: TimedRun, budget: InterleaveBudget, now: () => number = () => performance.now(), checkCancelled?: () => void): Promise<InterleaveResult> {
  const settle = { minMs: budget.warmMinMs, maxMs: budget.warmMaxMs };
  const warm = {
    baseline: await warmUntilSettled((n) => medianOf(baseline, n), settle, now),
    variant: await warmUntilSettled((n) => medianOf(variant, n), settle, now),
  };
  // A zero warm-up budget leaves no rounds: then one run per block.
  const typical = Math.min(warm.baseline.rounds.at(-1) ?? Infinity, warm.variant.rounds.at(-1) ?? Infinity);
  const block = Math.max(1, Math.min(Math.ceil(budget.maxRuns / 6), Math.floor(BLOCK_MS / Math.max(typical, 1e-3))));
  const a: number[] = [], b: number[] = [];
  const t0 = now();
  for (let round = 0; ; round++) {
    checkCancelled?.();
    const elapsed = now() - t0;
    const n = Math.min(a.length, b.length);
    if (n >= budget.maxRuns || (n >= budget.minRuns && elapsed >= budget.minMs) || (n >= 2 && elapsed >= budget.maxMs)) break;
    const order: [TimedRun, number[]][] = round % 2 === 0 ? [[baseline, a], [variant, b]] : [[variant, b], [baseline, a]];
    for (const [run, into] of order) for (let i = 0; i < block; i++) into.push(await run());
  }
  const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
  return { baseline: a, variant: b, ratio: median(sorted(b)) / median(sorted(a)), ci: medianRatioBootstrap(b, a), warm, block };
}
