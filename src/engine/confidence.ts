// Confidence intervals for reported metrics, so "98.5%" always comes with how sure we are (n matters).
import { mulberry32 } from './random';

export interface Interval {
  low: number;
  high: number;
}

/** Whether an interval of a ratio includes 1: a run that cannot tell the two sides apart ("no measurable difference"). */
export const includesOne = (ci: Interval): boolean => ci.low <= 1 && ci.high >= 1;

/** Wilson score interval for a proportion (95% by default): well-behaved near 0 and 1, unlike the normal one. */
export function wilson(successes: number, n: number, z = 1.96): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * 95% percentile-bootstrap interval for a ratio of sums (e.g. CER = total edits / total characters), resampling
 * whole samples (lines). Seeded, so the same results always print the same interval.
 */
export function ratioBootstrap(numerators: readonly number[], denominators: readonly number[], resamples = 1000, seed = 12345): Interval {
  const n = numerators.length;
  if (!n) return { low: 0, high: 0 };
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let num = 0, den = 0;
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rand() * n);
      num += numerators[k];
      den += denominators[k];
    }
    ratios[r] = den ? num / den : 0;
  }
  ratios.sort();
  return { low: ratios[Math.floor(0.025 * (resamples - 1))], high: ratios[Math.ceil(0.975 * (resamples - 1))] };
}

/**
 * 95% percentile-bootstrap interval for median(a) / median(b) (e.g. a variant's latency over fp32's), resampling
 * each series on its own. Seeded (mulberry32), so the same times always print the same interval.
 */
export function medianRatioBootstrap(a: readonly number[], b: readonly number[], resamples = 2000, seed = 20241201): Interval {
  if (!a.length || !b.length) throw new Error('medianRatioBootstrap needs two non-empty series');
  const rand = mulberry32(seed);
  const bufA = new Float64Array(a.length), bufB = new Float64Array(b.length);
  const resampledMedian = (xs: readonly number[], buf: Float64Array) => {
    for (let i = 0; i < buf.length; i++) buf[i] = xs[Math.floor(rand() * xs.length)];
    buf.sort();
    const m = buf.length >> 1;
    return buf.length % 2 ? buf[m] : (buf[m - 1] + buf[m]) / 2;
  };
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) ratios[r] = resampledMedian(a, bufA) / resampledMedian(b, bufB);
  ratios.sort();
  return { low: ratios[Math.floor(0.025 * (resamples - 1))], high: ratios[Math.ceil(0.975 * (resamples - 1))] };
}

/**
 * The median of `values` with a distribution-free 95% interval from order statistics: [x_(k), x_(n-k+1)] for the
 * largest k whose binomial tail P(Bin(n, 1/2) < k) is at most 2.5%. Below n = 6 no such k exists; the interval is
 * then [min, max], which covers the median with at least 1 - 2^(1-n) (94% at n = 5).
 */
export function medianWithInterval(values: readonly number[]): { median: number; ci: Interval } {
  const n = values.length;
  if (!n) throw new Error('medianWithInterval needs at least one value');
  const s = [...values].sort((a, b) => a - b);
  const median = n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
  let k = 0, tail = 0, term = 0.5 ** n; // term = C(n, j) / 2^n, starting at j = 0
  for (let j = 0; j < n; j++) {
    if (tail + term > 0.025) break;
    tail += term;
    k = j + 1;
    term = (term * (n - j)) / (j + 1);
  }
  return { median, ci: k ? { low: s[k - 1], high: s[n - k] } : { low: s[0], high: s[n - 1] } };
}

/** One stratum of a stratified sample: its share of the whole set and the per-sample values measured so far. */
export interface Stratum {
  /** N_h / N: the stratum's share of the full set (not of the sample). */
  weight: number;
  /** Per-sample numerators (1/0 for a proportion, edits for CER) ... */
  num: readonly number[];
  /** ... and denominators (1 for a proportion, label characters for CER). */
  den: readonly number[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Strata with samples, their weights renormalised over those strata (a stratum not yet sampled cannot be estimated). */
function sampled(strata: readonly Stratum[]): { s: Stratum; w: number }[] {
  const seen = strata.filter((s) => s.num.length > 0);
  const total = seen.reduce((a, s) => a + s.weight, 0);
  return seen.map((s) => ({ s, w: s.weight / total }));
}

/**
 * The stratified (combined) ratio estimate Σ W_h·mean(num_h) / Σ W_h·mean(den_h): each stratum counts by its share
 * of the full set, whatever share of the sample it has. For a proportion (den all 1) it is Σ W_h·p_h.
 */
export function stratifiedRatio(strata: readonly Stratum[]): number {
  let num = 0, den = 0;
  for (const { s, w } of sampled(strata)) {
    num += w * mean(s.num);
    den += w * mean(s.den);
  }
  return den ? num / den : 0;
}

/**
 * 95% percentile-bootstrap interval of stratifiedRatio, resampling each stratum within itself (its sample size
 * kept), as the stratified design drew it. Seeded (mulberry32), so the same outcomes print the same interval.
 */
export function stratifiedRatioBootstrap(strata: readonly Stratum[], resamples = 1000, seed = 12345): Interval {
  const parts = sampled(strata);
  if (!parts.length) return { low: 0, high: 0 };
  const rand = mulberry32(seed);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let num = 0, den = 0;
    for (const { s, w } of parts) {
      let a = 0, b = 0;
      for (let i = 0; i < s.num.length; i++) {
        const k = Math.floor(rand() * s.num.length);
        a += s.num[k];
        b += s.den[k];
      }
      num += (w * a) / s.num.length;
      den += (w * b) / s.num.length;
    }
    ratios[r] = den ? num / den : 0;
  }
  ratios.sort();
  return { low: ratios[Math.floor(0.025 * (resamples - 1))], high: ratios[Math.ceil(0.975 * (resamples - 1))] };
}

/** Wilson interval around a proportion estimated as `p` from `n` samples (wilson() takes a success count). */
export function wilsonAt(p: number, n: number, z = 1.96): Interval {
  return wilson(p * n, n, z);
}
