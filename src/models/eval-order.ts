// The order in which an eval set is evaluated progressively, so that a first figure after a few seconds already
// stands for the whole set. Every prefix of the order is a stratified random sample with proportional allocation:
// within each stratum (a class label; for OCR, script and line length) the samples come in a seeded random order,
// and strata take turns so that after k samples each stratum h has within one sample of k·N_h/N.
//
// Why stratified and weighted rather than a plain random prefix: a random 24-line prefix of the OCR set can hold
// twice the share of Chinese lines it should, and Chinese lines have several times the CER of English ones, so
// its first figure would swing with the draw. Proportional allocation removes most of that swing; the estimate
// still weights each stratum by its share of the full set (engine/confidence.ts stratifiedRatio), so the ±1
// rounding of the allocation and strata not yet sampled do not bias it. A plain (unstratified) interval at the
// same n is then conservative: proportional allocation never has more variance than simple random sampling.
import { mulberry32 } from '../engine/random';

export interface EvalOrder {
  /** Sample indices (file order) in evaluation order. */
  order: number[];
  /** Stratum of each sample, by file index (0 .. strata - 1). */
  stratumOf: number[];
  /** Samples per stratum in the whole set. */
  sizes: number[];
}

/** `keys[i]`: sample i's stratum (any string); strata are numbered in order of first appearance. */
export function stratifiedOrder(keys: readonly string[], seed = 20240601): EvalOrder {
  const ids = new Map<string, number>();
  const stratumOf = keys.map((k) => {
    if (!ids.has(k)) ids.set(k, ids.size);
    return ids.get(k)!;
  });
  const groups: number[][] = Array.from({ length: ids.size }, () => []);
  stratumOf.forEach((h, i) => groups[h].push(i));
  const rand = mulberry32(seed);
  for (const g of groups) {
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [g[i], g[j]] = [g[j], g[i]];
    }
  }
  const n = keys.length;
  const taken = groups.map(() => 0);
  const order: number[] = [];
  for (let k = 1; k <= n; k++) {
    // The stratum furthest below its proportional share of the first k samples goes next (ties: the larger one).
    let best = -1, deficit = -Infinity;
    groups.forEach((g, h) => {
      if (taken[h] === g.length) return;
      const d = (k * g.length) / n - taken[h];
      if (d > deficit + 1e-12 || (Math.abs(d - deficit) <= 1e-12 && g.length > groups[best].length)) {
        best = h;
        deficit = d;
      }
    });
    order.push(groups[best][taken[best]++]);
  }
  return { order, stratumOf, sizes: groups.map((g) => g.length) };
}
