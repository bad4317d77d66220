// The right pane against the left one, worded the same on the scoreboard, the results card and the pitch slide:
// ratios for size, latency and cost ("0.27×"), percentage points for rates ("−0.30 pp").
import { includesOne } from '../../engine/confidence';

export interface Delta {
  text: string;
  /** true: better (smaller, faster, cheaper, more accurate); false: worse; undefined: no change or unknown. */
  good?: boolean;
}

/** e.g. 0.27×, 1.77×, 0.004×; two decimals from 0.01 up. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${ratio >= 0.01 ? ratio.toFixed(2) : ratio.toPrecision(1)}×`;
}

/** after / before as a ratio; below half a percent either way counts as no change. */
export function ratioDelta(after: number, before: number, lowerIsBetter = true): Delta {
  const ratio = after / before;
  if (!Number.isFinite(ratio)) return { text: '—' };
  if (Math.abs(ratio - 1) < 0.005) return { text: '1.00×' };
  return { text: formatRatio(ratio), good: lowerIsBetter ? ratio < 1 : ratio > 1 };
}

/** A side's latency: its median, and its ratio to fp32 (with its 95% interval) when its runs were alternated with fp32's. */
export interface TimedSide {
  medianMs: number;
  vsFp32?: { ratio: number; ci: { low: number; high: number } };
}

const toFp32 = (side: TimedSide, isFp32: boolean) => side.vsFp32 ?? (isFp32 ? { ratio: 1, ci: { low: 1, high: 1 } } : undefined);

/**
 * One latency against another. Each pane is timed in its own minutes, and on a machine whose speed swings the two
 * medians can differ by 20% for the same model: when both sides have a ratio to fp32 from alternated runs (fp32
 * itself: 1 by definition), the change is the ratio of those, and "≈", neither better nor worse, when their
 * intervals cannot tell it from 1; otherwise the ratio of the two medians.
 */
export function latencyDelta(after: TimedSide, afterIsFp32: boolean, before: TimedSide, beforeIsFp32: boolean): Delta {
  const a = toFp32(after, afterIsFp32), b = toFp32(before, beforeIsFp32);
  if (!a || !b) return ratioDelta(after.medianMs, before.medianMs);
  return includesOne({ low: a.ci.low / b.ci.high, high: a.ci.high / b.ci.low }) ? { text: `≈ ${formatRatio(a.ratio / b.ratio)}` } : ratioDelta(a.ratio, b.ratio);
}

/** Difference of two rates in percentage points, signed, with a real minus sign; `unit` words it ("{value} pp"). */
export function pointsDelta(after: number, before: number, lowerIsBetter: boolean, unit: (value: string) => string): Delta {
  const d = (after - before) * 100;
  if (Math.abs(d) < 0.005) return { text: unit('±0.00') };
  return { text: unit(`${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`), good: lowerIsBetter ? d < 0 : d > 0 };
}
