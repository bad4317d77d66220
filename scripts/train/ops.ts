// Single-image building blocks for a 3x3/pad-1/stride-1 conv and a 2x2/stride-2
// max-pool, on CHW Float32Arrays. Conv = im2col + matmul: the inner loops then
// run over contiguous memory, which is what V8 optimises best.

/** col[(c*9 + ky*3 + kx) * S*S + y*S + x] = in[c, y+ky-1, x+kx-1] (0 outside). */
export function im2col3x3(input: Float32Array, inOff: number, channels: number, size: number, col: Float32Array, colOff: number): void {
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
export function col2im3x3(dCol: Float32Array, channels: number, size: number, dInput: Float32Array, inOff: number): void {
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

/**
 * out[co, p] = bias[co] + sum_k w[co, k] * col[k, p], then ReLU in place.
 * Register-blocked over 2 output channels x 4 rows of k, so each output element
 * is loaded/stored once per 4 multiply-adds and each col value feeds 2 channels.
 */
export function convMatmulRelu(w: Float32Array, bias: Float32Array, col: Float32Array, colOff: number, cOut: number, k: number, p: number, out: Float32Array, outOff: number): void {
  if (cOut % 2 !== 0) throw new Error('convMatmulRelu: cOut must be even');
  for (let co = 0; co < cOut; co += 2) {
    const oa = outOff + co * p, ob = oa + p;
    const wa = co * k, wb = wa + k;
    out.fill(bias[co], oa, oa + p);
    out.fill(bias[co + 1], ob, ob + p);
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
    for (let i = oa; i < ob + p; i++) if (out[i] < 0) out[i] = 0;
  }
}

/**
 * Backward of convMatmulRelu for one image (dOut already masked by the ReLU):
 * dW += dOut x col^T, dB += rowsum(dOut), and optionally dCol = W^T x dOut
 * (skipped for the first layer, which needs no input gradient). dW uses a
 * 2 (channels) x 4 (rows) register block: 6 loads per 8 multiply-adds.
 */
export function convMatmulBackward(w: Float32Array, col: Float32Array, colOff: number, dOut: Float32Array, dOutOff: number, cOut: number, k: number, p: number, dW: Float32Array, dB: Float32Array, dCol: Float32Array | null): void {
  for (let co = 0; co < cOut; co++) {
    let sb = 0;
    for (let i = 0; i < p; i++) sb += dOut[dOutOff + co * p + i];
    dB[co] += sb;
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

/** 2x2 stride-2 max-pool; records the flat argmax index (into `input`) for backward. */
export function maxPool2(input: Float32Array, inOff: number, channels: number, size: number, out: Float32Array, outOff: number, argmax: Int32Array): void {
  const half = size >> 1;
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        // Ties keep the first (top-left) element, like most runtimes.
        const tl = inOff + c * size * size + 2 * y * size + 2 * x;
        let best = tl;
        if (input[tl + 1] > input[best]) best = tl + 1;
        if (input[tl + size] > input[best]) best = tl + size;
        if (input[tl + size + 1] > input[best]) best = tl + size + 1;
        const o = outOff + c * half * half + y * half + x;
        out[o] = input[best];
        argmax[o] = best;
      }
    }
  }
}
