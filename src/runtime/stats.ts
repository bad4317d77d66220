// Latency summaries. Percentiles use the nearest-rank method on the sorted sample, stated so numbers are reproducible.
export interface LatencyStats {
  n: number;
  warmup: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) throw new Error('percentile of an empty sample');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(sorted: readonly number[]): number {
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
