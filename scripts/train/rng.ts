// Seeded pseudo-random numbers. Everything random in training (split, init,
// batch order, augmentation) draws from these so reruns give identical bytes.

export type Rng = () => number;

export { mulberry32 } from '../../src/engine/random';

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Standard normal via Box-Muller (one value per call; simplicity over speed). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng(); // (0, 1] so log() is finite
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** In-place Fisher-Yates shuffle. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(arr: T, rng: Rng): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}
