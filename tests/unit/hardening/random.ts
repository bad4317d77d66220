// A small seeded PRNG (mulberry32) and helpers, so every fuzz run sees the same mutants.
export type Rand = () => number;

export { mulberry32 } from '../../../src/engine/random';

export const int = (rand: Rand, n: number): number => Math.floor(rand() * n);
export const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, items.length)];
