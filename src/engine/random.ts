// The project's one seeded PRNG (mulberry32): tiny, fast, and the same sequence everywhere, so synthetic
// inputs, training scripts and test fixtures are reproducible byte for byte.
export type Rand = () => number;

/** Returns a generator of floats in [0, 1) for the given 32-bit seed. */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
