// Block-wise 4-bit quantization in the exact layout of ORT's com.microsoft.MatMulNBits (bits=4):
//   B           uint8 [N, k_blocks, block_size/2]   column n's weights along K, two per byte, first in the low nibble
//   scales      float [N, k_blocks]
//   zero_points uint8 [N, ceil(k_blocks/2)]          (asymmetric only) packed the same way, each column byte-aligned
// dequantized = (q - zero_point) * scale, zero point 8 when absent. Scale/zero-point choice follows MLAS
// (range2scale / range2scalezp): symmetric maps the largest-magnitude value to -8 (its scale may be negative),
// asymmetric spans [min(0, lo), max(0, hi)]. K is padded with zeros to a whole number of blocks.

import { ROUNDER } from '../quant/math';

export interface Int4Blocks {
  packed: Uint8Array;
  scales: Float32Array;
  zeroPoints: Uint8Array | null;
  kBlocks: number;
  sqErr: number;
  sqRef: number;
}

/** `wT` is the weight transposed to [N, K] (row n = output column n of the MatMul weight). */
export function quantizeInt4Blocks(wT: Float32Array, n: number, k: number, blockSize: number, symmetric: boolean, alpha = 1): Int4Blocks {
  const kBlocks = Math.ceil(k / blockSize);
  const blob = blockSize / 2;
  const zpBlob = Math.ceil(kBlocks / 2);
  const packed = new Uint8Array(n * kBlocks * blob);
  const scales = new Float32Array(n * kBlocks);
  const zeroPoints = symmetric ? null : new Uint8Array(n * zpBlob);
  let sqErr = 0;
  let sqRef = 0;
  for (let col = 0; col < n; col++) {
    const row = col * k;
    for (let b = 0; b < kBlocks; b++) {
      const start = b * blockSize;
      const end = Math.min(k, start + blockSize);
      let lo = 0;
      let hi = 0;
      for (let i = row + start; i < row + end; i++) {
        const v = wT[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      let scale: number;
      let zp: number;
      if (symmetric) {
        scale = Math.fround((-lo > hi ? lo : hi) / -8);
        zp = 8;
      } else {
        scale = Math.fround((hi - lo) / 15);
        zp = scale !== 0 ? Math.min(15, Math.max(0, Math.round(-lo / scale))) : 0;
        zeroPoints![col * zpBlob + (b >> 1)] |= zp << ((b & 1) * 4);
      }
      scales[col * kBlocks + b] = Math.fround(scale * alpha);
      const inv = scale !== 0 ? 1 / scale : 0;
      const out = (col * kBlocks + b) * blob;
      for (let j = 0; j < blockSize; j++) {
        const idx = start + j;
        let q = zp; // padding past K dequantizes to exactly 0
        if (idx < k) {
          const v = wT[row + idx];
          q = v * inv + ROUNDER - ROUNDER + zp; // rint, inlined (hot loop)
          if (q < 0) q = 0;
          else if (q > 15) q = 15;
          const e = v - (q - zp) * scale;
          sqErr += e * e;
          sqRef += v * v;
        }
        packed[out + (j >> 1)] |= q << ((j & 1) * 4);
      }
    }
  }
  return { packed, scales, zeroPoints, kBlocks, sqErr, sqRef };
}
