// Latency summaries. Percentiles use the nearest-rank method on the sorted sample, stated so numbers are reproducible.
export interface LatencyStats {
  n: number;
  warmup: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  /** The raw times (ms, in run order), only when asked for (BenchmarkOptions.keepTimes): the bench's bootstrap. */
  times?: number[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) throw new Error('percentile of an empty sample');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The median (the mean of the two middle values for an even count); `values` in any order. */
export function median(values: readonly number[]): number {
  if (!values.length) throw new Error('median of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

export function summarize(timesMs: readonly number[], warmup: number): LatencyStats {
  const s = [...timesMs].sort((a, b) => a - b);
  return {
    n: s.length,
    warmup,
    medianMs: median(s),
    p95Ms: percentile(s, 95),
    minMs: s[0],
    maxMs: s[s.length - 1],
    meanMs: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

/**
 * Whether a series of warm-up rounds (each round's median, ms) has settled: the last `window` rounds agree within
 * `tolerance` (relative), or within `floorMs` for the tiniest models, where a relative bound is below timer jitter.
 */
export function isSettled(rounds: readonly number[], tolerance = 0.15, floorMs = 0.01, window = 3): boolean {
  if (rounds.length < window) return false;
  const last = rounds.slice(-window);
  const lo = Math.min(...last), hi = Math.max(...last);
  return hi <= Math.max(lo * (1 + tolerance), lo + floorMs);
}

export interface SettleOptions {
  /** Warm up at least this long (ms), even when the first rounds already agree ... */
  minMs: number;
  /** ... and give up after this long (ms), reporting `settled: false`. */
  maxMs: number;
  /** Each round runs enough times to cover about this long (ms), 1..200 runs. */
  roundMs?: number;
}

export interface SettleResult {
  /** Each round's median (ms), first to last. */
  rounds: number[];
  settled: boolean;
  ms: number;
}

/**
 * Warm-up until times settle: the first runs after a load are slower (Chromium swaps ORT's baseline-compiled wasm
 * for optimized code while it runs; caches and allocators fill), so timing them reports a cold model, not the
 * model. `round(runs)` runs the model `runs` times and returns the median of those runs (ms).
 */
export async function warmUntilSettled(round: (runs: number) => Promise<number>, options: SettleOptions, now: () => number = () => performance.now()): Promise<SettleResult> {
  const roundMs = options.roundMs ?? 50;
  const rounds: number[] = [];
  const t0 = now();
  for (;;) {
    const elapsed = now() - t0;
    if (elapsed >= options.minMs && isSettled(rounds)) return { rounds, settled: true, ms: elapsed };
    if (elapsed >= options.maxMs) return { rounds, settled: false, ms: elapsed };
    const last = rounds[rounds.length - 1];
    const runs = last === undefined ? 1 : Math.max(1, Math.min(200, Math.floor(roundMs / Math.max(last, 1e-3))));
    rounds.push(await round(runs));
  }
}
