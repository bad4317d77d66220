// Latency of a variant against its baseline, measured in the same minutes: both warm up until their times settle,
// then run in alternating blocks, baseline-variant then variant-baseline (ABBA), so a machine whose load swings moves
// both series alike, and each variant block is compared with the baseline block next to it. The number of runs is
// set by a time budget, because one point of a scale sweep takes 0.05 ms and another 1 s: small models get many
// runs, large ones at least `minRuns`.
import { medianWithInterval, type Interval } from '../engine/confidence';
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
  /** ... and, when set, until the ratio's 95% interval is within ± this share of it (0.05: ±5%) ... */
  precision?: number;
  /** ... but stop after this long (ms) with what is there (at least 2 runs per side). */
  maxMs: number;
  /** Blocks are small enough that maxRuns makes at least this many rounds (default 6). */
  minRounds?: number;
  /** Warm-up per side: at least / at most this long (ms), until three rounds agree (see warmUntilSettled). */
  warmMinMs: number;
  warmMaxMs: number;
}

export interface InterleaveResult {
  baseline: number[];
  variant: number[];
  /** The median over rounds of median(variant block) / median(baseline block), with its 95% interval (see below). */
  ratio: number;
  /** Each round's ratio: a variant block over the baseline block next to it. */
  pairs: number[];
  ci: Interval;
  warm: { baseline: SettleResult; variant: SettleResult };
  /** Runs per block (small models run several per side before switching, so switching costs little). */
  block: number;
}

/** Each block should take about this long, so cache refills after switching sessions are a small share. */
const BLOCK_MS = 20;

const medianOf = (times: readonly number[]) => median([...times].sort((x, y) => x - y));

async function medianOfRuns(run: TimedRun, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await run());
  return medianOf(times);
}

/** Whether the pairs' median is known to within ± `precision` of itself (always, when no precision is asked). */
function precise(pairs: readonly number[], precision: number | undefined): boolean {
  if (precision === undefined) return true;
  if (pairs.length < 6) return false; // below 6 the interval is only [min, max]
  const { median: m, ci } = medianWithInterval(pairs);
  return ci.high - m <= precision * m && m - ci.low <= precision * m;
}

/** `beforeRound` is called before each alternating round (round 0: the warm-ups are over, the timed runs begin). */
export async function timeInterleaved(baseline: TimedRun, variant: TimedRun, budget: InterleaveBudget, now: () => number = () => performance.now(), beforeRound?: (round: number) => void): Promise<InterleaveResult> {
  const settle = { minMs: budget.warmMinMs, maxMs: budget.warmMaxMs };
  const warm = {
    baseline: await warmUntilSettled((n) => medianOfRuns(baseline, n), settle, now),
    variant: await warmUntilSettled((n) => medianOfRuns(variant, n), settle, now),
  };
  // A zero warm-up budget leaves no rounds: then one run per block.
  const typical = Math.min(warm.baseline.rounds.at(-1) ?? Infinity, warm.variant.rounds.at(-1) ?? Infinity);
  const block = Math.max(1, Math.min(Math.ceil(budget.maxRuns / (budget.minRounds ?? 6)), Math.floor(BLOCK_MS / Math.max(typical, 1e-3))));
  const a: number[] = [], b: number[] = [], pairs: number[] = [];
  const t0 = now();
  for (let round = 0; ; round++) {
    beforeRound?.(round);
    const elapsed = now() - t0;
    const n = Math.min(a.length, b.length);
    if (n >= budget.maxRuns || (n >= budget.minRuns && elapsed >= budget.minMs && precise(pairs, budget.precision)) || (n >= 2 && elapsed >= budget.maxMs)) break;
    const sides = { baseline: [] as number[], variant: [] as number[] };
    const order: [TimedRun, number[], number[]][] = [[baseline, a, sides.baseline], [variant, b, sides.variant]];
    if (round % 2) order.reverse();
    for (const [run, series, times] of order) {
      for (let i = 0; i < block; i++) times.push(await run());
      series.push(...times);
    }
    pairs.push(medianOf(sides.variant) / medianOf(sides.baseline));
  }
  // The ratio of the two series' medians is not used: this VM switches between a fast and a slow regime every
  // second or two (PP-OCR rec: 88 vs 135 ms, nothing else running), each side's times are then bimodal, and a
  // median that lands in the other mode moved fp32 against itself to 0.88x or 1.21x. Blocks next to each other run
  // in the same regime, so their ratio cancels it.
  const { median: ratio, ci } = medianWithInterval(pairs);
  return { baseline: a, variant: b, ratio, pairs, ci, warm, block };
}
