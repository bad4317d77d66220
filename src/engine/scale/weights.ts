// Seeded random weights shaped like a trained Transformer's, so quantization meets the problems it meets on real
// checkpoints: normal weights (std 0.02, BERT's and GPT-2's initialization) with a few output channels several
// times larger (what makes one int8 scale per tensor worse than one per channel), and LayerNorm gains near 1 with a
// few very large dimensions (the "outlier dimensions" trained BERT and GPT-2 show, which make activations hard to
// quantize per tensor). Each tensor draws from its own stream, seeded by the model seed and the tensor's name, so the
// bytes depend on neither the build order nor anything else.
import { mulberry32, type Rand } from '../random';

export const WEIGHT_STD = 0.02;
/** About 1 output channel in 100 gets a larger scale (at least one per matrix of 64+ channels). */
const OUTLIER_CHANNEL_RATE = 0.01;
const OUTLIER_CHANNEL_SCALE = [4, 8] as const;
/** About 1 LayerNorm dimension in 200 gets a gain of 4-8 instead of ~1. */
const OUTLIER_DIM_RATE = 0.005;

export type WeightInit =
  | { kind: 'matrix' } // [K, N] (or [rows, d] tables): normal, with outlier output channels (columns)
  | { kind: 'table' } // embedding tables [rows, d]: normal, no outliers (rows are looked up, not multiplied)
  | { kind: 'bias' } // small normal values
  | { kind: 'gain' }; // LayerNorm scale: 1 + small noise, with outlier dimensions

/** FNV-1a of the name, mixed with the seed: each tensor's own stream. */
export function tensorSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// Normal samples by the ziggurat method (Marsaglia & Tsang 2000, 128 layers): one PRNG draw and one multiply for
// ~99% of samples, about 5x faster than Box-Muller, which matters for 124 M weights. Layer index (low 7 bits) and
// value (high 25 bits) come from different bits of the draw, avoiding the original's correlation between them.
const ZIG_R = 3.442619855899;
const ZIG_M = 2 ** 24;
const KN = new Float64Array(128), WN = new Float64Array(128), FN = new Float64Array(128);
{
  const v = 9.91256303526217e-3;
  let dn = ZIG_R, tn = dn;
  const q = v / Math.exp(-0.5 * dn * dn);
  KN[0] = (dn / q) * ZIG_M; KN[1] = 0;
  WN[0] = q / ZIG_M; WN[127] = dn / ZIG_M;
  FN[0] = 1; FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(v / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = (dn / tn) * ZIG_M;
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / ZIG_M;
  }
}

/** One standard normal sample. */
function normal(rand: Rand): number {
  for (;;) {
    const u = (rand() * 4294967296) >>> 0; // mulberry32's 32-bit output
    const iz = u & 127;
    const j = (u >>> 7) - ZIG_M; // signed 25-bit
    if (Math.abs(j) < KN[iz]) return j * WN[iz];
    if (iz === 0) {
      // The tail beyond R: Marsaglia's exponential rejection.
      let x: number, y: number;
      do {
        x = -Math.log(1 - rand()) / ZIG_R;
        y = -Math.log(1 - rand());
      } while (y + y < x * x);
      return j > 0 ? ZIG_R + x : -ZIG_R - x;
    }
    const x = j * WN[iz];
    if (FN[iz] + rand() * (FN[iz - 1] - FN[iz]) < Math.exp(-0.5 * x * x)) return x;
  }
}

/** Fills `out` with normal(0, std) values. */
function fillNormal(out: Float32Array, rand: Rand, std: number): void {
  for (let i = 0; i < out.length; i++) out[i] = std * normal(rand);
}

/** Indices of the outlier positions among `n` (deterministic from `rand`, distinct). */
function pickOutliers(n: number, rate: number, rand: Rand, min: number): number[] {
  const count = Math.min(n, Math.max(min, Math.round(n * rate)));
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(rand() * n));
  return [...picked].sort((a, b) => a - b);
}

/** The values of one weight tensor; `dims` is row-major, the last dim is the output channel axis for matrices. */
export function weightValues(seed: number, name: string, dims: readonly number[], init: WeightInit): Float32Array {
  const count = dims.reduce((a, b) => a * b, 1);
  const out = new Float32Array(count);
  const rand = mulberry32(tensorSeed(seed, name));
  if (init.kind === 'gain') {
    fillNormal(out, rand, 0.05);
    for (let i = 0; i < count; i++) out[i] += 1;
    for (const i of pickOutliers(count, OUTLIER_DIM_RATE, rand, count >= 128 ? 1 : 0)) out[i] = 4 + 4 * rand();
    return out;
  }
  fillNormal(out, rand, WEIGHT_STD);
  if (init.kind !== 'matrix') return out;
  const cols = dims[dims.length - 1];
  const rows = count / cols;
  const [lo, hi] = OUTLIER_CHANNEL_SCALE;
  for (const c of pickOutliers(cols, OUTLIER_CHANNEL_RATE, rand, cols >= 64 ? 1 : 0)) {
    const s = lo + (hi - lo) * rand();
    for (let r = 0; r < rows; r++) out[r * cols + c] *= s;
  }
  return out;
}
