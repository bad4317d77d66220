// Multi-head scaled dot-product self-attention over "packed" sequences: the batch's real tokens sit back to back
// (sequence b owns rows starts[b] .. starts[b]+lens[b]), and attention never crosses a sequence. That is exactly
// what the exported graph computes with right padding and an additive key mask (masked keys get weight 0), but
// the trainer spends no work on padding.
import type { Vec, VecCtor } from './vec';

export interface Packing {
  starts: Int32Array;
  lens: Int32Array;
  /** Total real tokens (rows). */
  rows: number;
}

export interface AttentionCache {
  /** probs[b][h]: lens[b] x lens[b] softmax weights, row = query. */
  probs: Vec[][];
}

/** q, k, v, ctx: [rows, heads*dh]; head h owns columns h*dh .. (h+1)*dh. */
export function attention(q: Vec, k: Vec, v: Vec, p: Packing, heads: number, dh: number, ctx: Vec, F: VecCtor): AttentionCache {
  const d = heads * dh;
  const scale = 1 / Math.sqrt(dh);
  const probs: Vec[][] = [];
  for (let b = 0; b < p.lens.length; b++) {
    const s0 = p.starts[b], n = p.lens[b];
    const perHead: Vec[] = [];
    for (let h = 0; h < heads; h++) {
      const P = new F(n * n);
      const c0 = h * dh;
      for (let i = 0; i < n; i++) {
        const qi = (s0 + i) * d + c0;
        let max = -Infinity;
        for (let j = 0; j < n; j++) {
          const kj = (s0 + j) * d + c0;
          let s = 0;
          for (let t = 0; t < dh; t++) s += q[qi + t] * k[kj + t];
          s *= scale;
          P[i * n + j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < n; j++) {
          const e = Math.exp(P[i * n + j] - max);
          P[i * n + j] = e;
          sum += e;
        }
        for (let j = 0; j < n; j++) P[i * n + j] /= sum;
        for (let t = 0; t < dh; t++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += P[i * n + j] * v[(s0 + j) * d + c0 + t];
          ctx[qi + t] = acc;
        }
      }
      perHead.push(P);
    }
    probs.push(perHead);
  }
  return { probs };
}

/**
 * Given dctx, writes dq, dk, dv (overwritten). With S = scale q kᵀ, P = softmax(S), ctx = P v:
 * dP = dctx vᵀ, dv = Pᵀ dctx, dS = P ∘ (dP - rowsum(P ∘ dP)), dq = scale dS k, dk = scale dSᵀ q.
 */
export function attentionBackward(
  q: Vec, k: Vec, v: Vec, p: Packing, heads: number, dh: number, cache: AttentionCache, dctx: Vec, dq: Vec, dk: Vec, dv: Vec, F: VecCtor,
): void {
  const d = heads * dh;
  const scale = 1 / Math.sqrt(dh);
  dq.fill(0);
  dk.fill(0);
  dv.fill(0);
  for (let b = 0; b < p.lens.length; b++) {
    const s0 = p.starts[b], n = p.lens[b];
    const dS = new F(n);
    for (let h = 0; h < heads; h++) {
      const P = cache.probs[b][h];
      const c0 = h * dh;
      for (let i = 0; i < n; i++) {
        const qi = (s0 + i) * d + c0;
        let dot = 0;
        for (let j = 0; j < n; j++) {
          const vj = (s0 + j) * d + c0;
          let dp = 0;
          for (let t = 0; t < dh; t++) dp += dctx[qi + t] * v[vj + t];
          const pij = P[i * n + j];
          for (let t = 0; t < dh; t++) dv[vj + t] += pij * dctx[qi + t];
          dS[j] = dp;
          dot += pij * dp;
        }
        for (let j = 0; j < n; j++) {
          const g = P[i * n + j] * (dS[j] - dot) * scale;
          if (g === 0) continue;
          const kj = (s0 + j) * d + c0;
          for (let t = 0; t < dh; t++) {
            dq[qi + t] += g * k[kj + t];
            dk[kj + t] += g * q[qi + t];
          }
        }
      }
    }
  }
}
