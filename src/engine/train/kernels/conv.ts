// 2-D convolution as im2col + matmul, and max-pooling, on CHW images (one image per call). The inner loops
// then run over contiguous memory, which is what V8 optimises best. A 3x3/pad-1/stride-1 fast path (the digits
// CNN) and a general path (any kernel, pads, strides) build the same columns.
import type { Vec } from './vec';

/** Geometry of one Conv (2-D, no dilation, one group). */
export interface ConvShape {
  cIn: number; h: number; w: number;
  kh: number; kw: number;
  strideH: number; strideW: number;
  /** Top and left padding (bottom/right follow from the output size). */
  padT: number; padL: number;
  outH: number; outW: number;
}

export const isFast3x3 = (s: ConvShape): boolean =>
  s.kh === 3 && s.kw === 3 && s.strideH === 1 && s.strideW === 1 && s.padT === 1 && s.padL === 1 && s.h === s.w && s.outH === s.h && s.outW === s.w;

/** col[(c*9 + ky*3 + kx) * S*S + y*S + x] = in[c, y+ky-1, x+kx-1] (0 outside). */
export function im2col3x3(input: Vec, inOff: number, channels: number, size: number, col: Vec, colOff: number): void {
  const plane = size * size;
  for (let c = 0; c < channels; c++) {
    const src = inOff + c * plane;
    for (let ky = 0; ky < 3; ky++) {
      for (let kx = 0; kx < 3; kx++) {
        const row = colOff + (c * 9 + ky * 3 + kx) * plane;
        for (let y = 0; y < size; y++) {
          const iy = y + ky - 1;
          const dst = row + y * size;
          if (iy < 0 || iy >= size) {
            col.fill(0, dst, dst + size);
            continue;
          }
          for (let x = 0; x < size; x++) {
            const ix = x + kx - 1;
            col[dst + x] = ix >= 0 && ix < size ? input[src + iy * size + ix] : 0;
          }
        }
      }
    }
  }
}

/** Adjoint of im2col3x3: accumulates column gradients back into dInput (pre-zeroed). */
export function col2im3x3(dCol: Vec, channels: number, size: number, dInput: Vec, inOff: number): void {
  const plane = size * size;
  for (let c = 0; c < channels; c++) {
    const dst = inOff + c * plane;
    for (let ky = 0; ky < 3; ky++) {
      for (let kx = 0; kx < 3; kx++) {
        const row = (c * 9 + ky * 3 + kx) * plane;
        for (let y = 0; y < size; y++) {
          const iy = y + ky - 1;
          if (iy < 0 || iy >= size) continue;
          for (let x = 0; x < size; x++) {
            const ix = x + kx - 1;
            if (ix >= 0 && ix < size) dInput[dst + iy * size + ix] += dCol[row + y * size + x];
          }
        }
      }
    }
  }
}

/** General im2col: col[(c*kh*kw + ky*kw + kx) * P + oy*outW + ox] = in[c, oy*sh + ky - padT, ox*sw + kx - padL]. */
export function im2col(input: Vec, inOff: number, s: ConvShape, col: Vec): void {
  const p = s.outH * s.outW;
  for (let c = 0; c < s.cIn; c++) {
    const src = inOff + c * s.h * s.w;
    for (let ky = 0; ky < s.kh; ky++) {
      for (let kx = 0; kx < s.kw; kx++) {
        const row = ((c * s.kh + ky) * s.kw + kx) * p;
        for (let oy = 0; oy < s.outH; oy++) {
          const iy = oy * s.strideH + ky - s.padT;
          const dst = row + oy * s.outW;
          if (iy < 0 || iy >= s.h) {
            col.fill(0, dst, dst + s.outW);
            continue;
          }
          for (let ox = 0; ox < s.outW; ox++) {
            const ix = ox * s.strideW + kx - s.padL;
            col[dst + ox] = ix >= 0 && ix < s.w ? input[src + iy * s.w + ix] : 0;
          }
        }
      }
    }
  }
}

/** Adjoint of im2col: accumulates into dInput (pre-zeroed). */
export function col2im(dCol: Vec, s: ConvShape, dInput: Vec, inOff: number): void {
  const p = s.outH * s.outW;
  for (let c = 0; c < s.cIn; c++) {
    const dst = inOff + c * s.h * s.w;
    for (let ky = 0; ky < s.kh; ky++) {
      for (let kx = 0; kx < s.kw; kx++) {
        const row = ((c * s.kh + ky) * s.kw + kx) * p;
        for (let oy = 0; oy < s.outH; oy++) {
          const iy = oy * s.strideH + ky - s.padT;
          if (iy < 0 || iy >= s.h) continue;
          for (let ox = 0; ox < s.outW; ox++) {
            const ix = ox * s.strideW + kx - s.padL;
            if (ix >= 0 && ix < s.w) dInput[dst + iy * s.w + ix] += dCol[row + oy * s.outW + ox];
          }
        }
      }
    }
  }
}

/**
 * out[co, p] = bias[co] + sum_k w[co, k] * col[k, p], then optionally ReLU in place.
 * Register-blocked over 2 output channels x 4 rows of k, so each output element
 * is loaded/stored once per 4 multiply-adds and each col value feeds 2 channels.
 * An odd last channel (left by structured pruning) runs the same loop alone.
 */
export function convMatmul(w: Vec, bias: Vec | null, col: Vec, colOff: number, cOut: number, k: number, p: number, out: Vec, outOff: number, relu: boolean): void {
  let co = 0;
  for (; co + 2 <= cOut; co += 2) {
    const oa = outOff + co * p, ob = oa + p;
    const wa = co * k, wb = wa + k;
    out.fill(bias ? bias[co] : 0, oa, oa + p);
    out.fill(bias ? bias[co + 1] : 0, ob, ob + p);
    let kk = 0;
    for (; kk + 4 <= k; kk += 4) {
      const a0 = w[wa + kk], a1 = w[wa + kk + 1], a2 = w[wa + kk + 2], a3 = w[wa + kk + 3];
      const b0 = w[wb + kk], b1 = w[wb + kk + 1], b2 = w[wb + kk + 2], b3 = w[wb + kk + 3];
      const r0 = colOff + kk * p, r1 = r0 + p, r2 = r1 + p, r3 = r2 + p;
      for (let i = 0; i < p; i++) {
        const c0 = col[r0 + i], c1 = col[r1 + i], c2 = col[r2 + i], c3 = col[r3 + i];
        out[oa + i] += a0 * c0 + a1 * c1 + a2 * c2 + a3 * c3;
        out[ob + i] += b0 * c0 + b1 * c1 + b2 * c2 + b3 * c3;
      }
    }
    for (; kk < k; kk++) {
      const a = w[wa + kk], b = w[wb + kk];
      const cr = colOff + kk * p;
      for (let i = 0; i < p; i++) {
        const c = col[cr + i];
        out[oa + i] += a * c;
        out[ob + i] += b * c;
      }
    }
    if (relu) for (let i = oa; i < ob + p; i++) if (out[i] < 0) out[i] = 0;
  }
  if (co < cOut) {
    const oa = outOff + co * p, wa = co * k;
    out.fill(bias ? bias[co] : 0, oa, oa + p);
    let kk = 0;
    for (; kk + 4 <= k; kk += 4) {
      const a0 = w[wa + kk], a1 = w[wa + kk + 1], a2 = w[wa + kk + 2], a3 = w[wa + kk + 3];
      const r0 = colOff + kk * p, r1 = r0 + p, r2 = r1 + p, r3 = r2 + p;
      for (let i = 0; i < p; i++) out[oa + i] += a0 * col[r0 + i] + a1 * col[r1 + i] + a2 * col[r2 + i] + a3 * col[r3 + i];
    }
    for (; kk < k; kk++) {
      const a = w[wa + kk], cr = colOff + kk * p;
      for (let i = 0; i < p; i++) out[oa + i] += a * col[cr + i];
    }
    if (relu) for (let i = oa; i < oa + p; i++) if (out[i] < 0) out[i] = 0;
  }
}

/**
 * Backward of convMatmul for one image (dOut already masked by any ReLU):
 * dW += dOut x col^T, dB += rowsum(dOut) (when dB is given), and optionally dCol = W^T x dOut
 * (skipped for a first layer, which needs no input gradient). dW uses a
 * 2 (channels) x 4 (rows) register block: 6 loads per 8 multiply-adds.
 */
export function convMatmulBackward(w: Vec, col: Vec, colOff: number, dOut: Vec, dOutOff: number, cOut: number, k: number, p: number, dW: Vec, dB: Vec | null, dCol: Vec | null): void {
  if (dB) {
    for (let co = 0; co < cOut; co++) {
      let sb = 0;
      for (let i = 0; i < p; i++) sb += dOut[dOutOff + co * p + i];
      dB[co] += sb;
    }
  }
  let co = 0;
  for (; co + 2 <= cOut; co += 2) {
    const g0 = dOutOff + co * p, g1 = g0 + p;
    const wa = co * k, wb = wa + k;
    let kk = 0;
    for (; kk + 4 <= k; kk += 4) {
      const r0 = colOff + kk * p, r1 = r0 + p, r2 = r1 + p, r3 = r2 + p;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let i = 0; i < p; i++) {
        const d0 = dOut[g0 + i], d1 = dOut[g1 + i];
        const c0 = col[r0 + i], c1 = col[r1 + i], c2 = col[r2 + i], c3 = col[r3 + i];
        a0 += d0 * c0; a1 += d0 * c1; a2 += d0 * c2; a3 += d0 * c3;
        b0 += d1 * c0; b1 += d1 * c1; b2 += d1 * c2; b3 += d1 * c3;
      }
      dW[wa + kk] += a0; dW[wa + kk + 1] += a1; dW[wa + kk + 2] += a2; dW[wa + kk + 3] += a3;
      dW[wb + kk] += b0; dW[wb + kk + 1] += b1; dW[wb + kk + 2] += b2; dW[wb + kk + 3] += b3;
    }
    for (; kk < k; kk++) {
      const cr = colOff + kk * p;
      let a = 0, b = 0;
      for (let i = 0; i < p; i++) { a += dOut[g0 + i] * col[cr + i]; b += dOut[g1 + i] * col[cr + i]; }
      dW[wa + kk] += a; dW[wb + kk] += b;
    }
  }
  for (; co < cOut; co++) {
    const g = dOutOff + co * p;
    for (let kk = 0; kk < k; kk++) {
      const cr = colOff + kk * p;
      let s = 0;
      for (let i = 0; i < p; i++) s += dOut[g + i] * col[cr + i];
      dW[co * k + kk] += s;
    }
  }
  if (!dCol) return;
  dCol.fill(0, 0, k * p);
  for (let kk = 0; kk < k; kk++) {
    const dr = kk * p;
    let co = 0;
    for (; co + 4 <= cOut; co += 4) {
      const w0 = w[co * k + kk], w1 = w[(co + 1) * k + kk], w2 = w[(co + 2) * k + kk], w3 = w[(co + 3) * k + kk];
      const g0 = dOutOff + co * p, g1 = g0 + p, g2 = g1 + p, g3 = g2 + p;
      for (let i = 0; i < p; i++) dCol[dr + i] += w0 * dOut[g0 + i] + w1 * dOut[g1 + i] + w2 * dOut[g2 + i] + w3 * dOut[g3 + i];
    }
    for (; co < cOut; co++) {
      const wv = w[co * k + kk];
      const g0 = dOutOff + co * p;
      for (let i = 0; i < p; i++) dCol[dr + i] += wv * dOut[g0 + i];
    }
  }
}

/** Geometry of a MaxPool (2-D, no padding, no dilation). */
export interface PoolShape {
  channels: number; h: number; w: number;
  kh: number; kw: number; strideH: number; strideW: number;
  outH: number; outW: number;
}

/**
 * Max-pool of one image; records the flat argmax index (into `input`) for backward. Windows are scanned row by
 * row and ties keep the first (top-left) element, like most runtimes.
 */
export function maxPool(input: Vec, inOff: number, s: PoolShape, out: Vec, outOff: number, argmax: Int32Array): void {
  for (let c = 0; c < s.channels; c++) {
    const plane = inOff + c * s.h * s.w;
    for (let oy = 0; oy < s.outH; oy++) {
      for (let ox = 0; ox < s.outW; ox++) {
        const top = plane + oy * s.strideH * s.w + ox * s.strideW;
        let best = top;
        for (let ky = 0; ky < s.kh; ky++) {
          for (let kx = 0; kx < s.kw; kx++) {
            const at = top + ky * s.w + kx;
            if (input[at] > input[best]) best = at;
          }
        }
        const o = outOff + (c * s.outH + oy) * s.outW + ox;
        out[o] = input[best];
        argmax[o] = best;
      }
    }
  }
}
