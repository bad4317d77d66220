// The one way ModelLab times a model, wherever a latency is shown (Compare, Sweep, tour, results card): on one
// stated input, after warm-up until the times settle, then n timed runs (median, p95). Before the first timed run
// of a model in a worker, fp32 is warmed up until settled too, since that is what every ratio compares with.
// Pure (no ORT): the worker passes in a function that runs its session.
import type { Backend } from './backend';
import type { Interval } from '../engine/confidence';
import { timeInterleaved } from './interleaved';
import { summarize, warmUntilSettled, type LatencyStats, type SettleOptions } from './stats';

/**
 * Which input was timed. OCR lines differ in width, so the same model is faster on a short line: every latency
 * label says what it ran on. `dims`: the shape of each feed, in input order.
 */
export interface TimedInput {
  /** live: what the user drew, typed or uploaded; eval-set: a built-in model's eval sample; samples: an upload's own
   * sample; synthetic: seeded random values of the right shape (an upload without samples). */
  source: 'live' | 'eval-set' | 'samples' | 'synthetic';
  /** 1-based eval sample, or the synthetic seed. */
  index?: number;
  dims: number[][];
}

/** A warm-up until settled: how many untimed runs it took, how long, and whether the times did settle. */
export interface WarmUp {
  runs: number;
  ms: number;
  settled: boolean;
  /** Median of the last warm-up round (ms): where the times settled. */
  lastMs: number;
}

export interface LatencyMeasurement extends LatencyStats {
  input: TimedInput;
  /** This variant's own warm-up, just before its timed runs (LatencyStats.warmup = its run count). */
  settle: WarmUp;
  /** fp32 warmed up until settled in this worker before its first timed run (only on that first measurement). */
  baseline?: WarmUp;
  backend: Backend;
  threads: number;
  /** Set when the variant was timed against fp32 in alternating blocks (measureAgainstFp32). */
  vsFp32?: VsFp32;
}

/** The variant against an fp32 session of the same model, same backend and input, timed in the same minutes. */
export interface VsFp32 {
  /** The median of each variant block's ratio to the fp32 block next to it, with its 95% interval (order statistics). */
  ratio: number;
  ci: Interval;
  /** fp32's own runs from the same blocks. */
  fp32: LatencyStats;
  /** Runs per side before switching. */
  block: number;
}

/** A variant warms up for at least 0.3 s; fp32, the first time in a worker, for at least 2 s (V8 optimises ORT's
 * wasm in the background while it runs: on a loaded 2-core machine one second was not always enough). */
export const VARIANT_SETTLE: SettleOptions = { minMs: 300, maxMs: 4000 };
export const BASELINE_SETTLE: SettleOptions = { minMs: 2000, maxMs: 8000 };

/** `run(n)` runs the model n times, output read back, and returns each run's time (ms). */
export type TimedRuns = (n: number) => Promise<number[]>;

export async function warmUp(run: TimedRuns, options: SettleOptions): Promise<WarmUp> {
  let runs = 0;
  const r = await warmUntilSettled(async (n) => {
    runs += n;
    return summarize(await run(n), 0).medianMs;
  }, options);
  return { runs, ms: r.ms, settled: r.settled, lastMs: r.rounds[r.rounds.length - 1] ?? NaN };
}

export interface LatencyRequest {
  runs: number;
  input: TimedInput;
  backend: Backend;
  threads: number;
  /** Set when fp32 was warmed up first (see LabService.latency). */
  baseline?: WarmUp;
  settle?: SettleOptions;
  onPhase?: (phase: LatencyPhase) => void;
}

/** baseline: fp32 warming up (first time in a worker); warm-up: the variant; timed: the runs that count. */
export type LatencyPhase = 'baseline' | 'warm-up' | 'timed';

/** Warm-up until settled, then `runs` timed runs, each timed on its own. */
export async function measureLatency(run: TimedRuns, request: LatencyRequest): Promise<LatencyMeasurement> {
  if (!(request.runs >= 1)) throw new Error(`A latency needs at least 1 timed run (got ${request.runs}).`);
  request.onPhase?.('warm-up');
  const settle = await warmUp(run, request.settle ?? VARIANT_SETTLE);
  request.onPhase?.('timed');
  const stats = summarize(await run(request.runs), settle.runs);
  const { input, backend, threads, baseline } = request;
  return { ...stats, input, settle, backend, threads, ...(baseline ? { baseline } : {}) };
}

/**
 * Alternated timing goes on past the runs asked for until the ratio is known to ±5%, up to 4x the runs or 15 s:
 * in a worker's first half minute V8 still compiles ORT's wasm on the other core (PP-OCR rec then ran 100-330 ms
 * a run instead of 90-130), and 15 pairs left fp32 against itself anywhere in 0.85-1.10x.
 */
export const ALTERNATE_PRECISION = 0.05;
export const ALTERNATE_MAX_FACTOR = 4;
export const ALTERNATE_MAX_MS = 15_000;
/** Enough rounds for the interval to narrow: with 6 (tiny models ran blocks of 20) it can only be [min, max]. */
export const ALTERNATE_MIN_ROUNDS = 24;

/**
 * Like measureLatency, but the variant's timed runs alternate with fp32's (ABBA blocks, runtime/interleaved.ts):
 * a sweep times its rows one after another, and on a 2-core machine later rows ran slower (PP-OCR: fp32 timed again
 * at 1.26x the fp32 row on an idle machine), so a ratio of two rows' medians measured the minutes, not the recipe.
 * Both sides warm up until settled first; the variant's stats are its interleaved runs. Raw times are kept (in run
 * order) for the exported JSON.
 */
export async function measureAgainstFp32(fp32: TimedRuns, variant: TimedRuns, request: LatencyRequest): Promise<LatencyMeasurement> {
  if (!(request.runs >= 2)) throw new Error(`A latency against fp32 needs at least 2 timed runs per side (got ${request.runs}).`);
  const settle = request.settle ?? VARIANT_SETTLE;
  let variantRuns = 0;
  let timing = false;
  request.onPhase?.('warm-up');
  const r = await timeInterleaved(
    async () => (await fp32(1))[0],
    async () => { if (!timing) variantRuns++; return (await variant(1))[0]; },
    {
      minRuns: request.runs, maxRuns: request.runs * ALTERNATE_MAX_FACTOR, minMs: 0, precision: ALTERNATE_PRECISION, maxMs: ALTERNATE_MAX_MS,
      minRounds: ALTERNATE_MIN_ROUNDS, warmMinMs: settle.minMs, warmMaxMs: settle.maxMs,
    },
    undefined,
    (round) => { if (round === 0) { timing = true; request.onPhase?.('timed'); } },
  );
  const w = r.warm.variant;
  const warm: WarmUp = { runs: variantRuns, ms: w.ms, settled: w.settled, lastMs: w.rounds.at(-1) ?? NaN };
  const { input, backend, threads, baseline } = request;
  return {
    ...summarize(r.variant, variantRuns), times: r.variant, input, settle: warm, backend, threads, ...(baseline ? { baseline } : {}),
    vsFp32: { ratio: r.ratio, ci: r.ci, fp32: { ...summarize(r.baseline, 0), times: r.baseline }, block: r.block },
  };
}
