// The project's one seeded PRNG (mulberry32): tiny, fast, and the same sequence everywhere, so synthetic
// inputs, training scripts and test fixtures are reproducible byte for byte.
export type Rand = () => number;

/** Returns a generator of floats in [0, 1) for the given 32-bit seed. */
export function mulberry32(seed: number): Rand {
  // The state lives in a Uint32Array, not a closure variable: V8 boxes a captured number above 2^30 as a heap
  // object on every update, which made each draw ~6x slower (it matters for the scale lab's 100 M+ weights).
  const state = new Uint32Array([seed >>> 0]);
  return () => {
    state[0] += 0x6d2b79f5;
    let t = state[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [lo, hi). */
export function uniform(rng: Rand, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Standard normal via Box-Muller (one value per call; simplicity over speed). */
export function gaussian(rng: Rand): number {
  const u = 1 - rng(); // (0, 1] so log() is finite
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** In-place Fisher-Yates shuffle. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(arr: T, rng: Rand): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}
