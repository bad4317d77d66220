// The Transformer encoder's forward and backward passes (pre-LayerNorm blocks, GELU FFN, masked mean pooling).
//   x = tok_emb[id] + pos_emb[t]
//   per layer: x += Wo·Attn(LN1(x)) ; x += Down(GELU(Up(LN2(x))))
//   logits = head(mean over the sentence's tokens of final_LN(x))
// Dropout (training only) hits the embeddings and both residual branches.
import { applyMask, dropout, gelu, geluBackward } from '../../src/engine/train/kernels/activation';
import { attention, attentionBackward, type AttentionCache, type Packing } from '../../src/engine/train/kernels/attention';
import { linear, linearBackward } from '../../src/engine/train/kernels/matmul';
import { layerNorm, layerNormBackward, type NormCache } from '../../src/engine/train/kernels/norm';
import { addInto, type Vec, type VecCtor } from '../../src/engine/train/kernels/vec';
import type { Arch, Params } from './params';
import { zeroParams } from './params';

/** A batch of token-id sequences, packed (see attention.ts). */
export interface TokenBatch extends Packing {
  ids: Int32Array;
}

export interface DropoutSpec {
  p: number;
  rng: () => number;
}

/** What backward() needs of one layer's forward pass (LayerNorm caches hold the normalised inputs). */
interface LayerCache {
  n1: NormCache; a1: Vec; q: Vec; k: Vec; v: Vec; att: AttentionCache; ctx: Vec; m1: Float32Array | null;
  n2: NormCache; a2: Vec; h: Vec; g: Vec; m2: Float32Array | null;
}

export class Encoder {
  readonly grads: Params;
  private batch: TokenBatch | null = null;
  private layers: LayerCache[] = [];
  private nf!: NormCache;
  private xf!: Vec;
  private pooled!: Vec;
  private m0: Float32Array | null = null;

  constructor(readonly arch: Arch, readonly params: Params, private readonly F: VecCtor = Float32Array) {
    this.grads = zeroParams(arch, F);
  }

  private lin(x: Vec, rows: number, name: string, inDim: number, outDim: number): Vec {
    const y = new this.F(rows * outDim);
    linear(x, rows, inDim, this.params[`${name}.weight`], this.params[`${name}.bias`], outDim, y);
    return y;
  }

  /** Logits [count, classes]. Pass `drop` only while training. */
  forward(batch: TokenBatch, drop: DropoutSpec | null = null): Vec {
    const { dModel: d, heads, ffn, classes } = this.arch;
    const P = this.params, F = this.F, rows = batch.rows;
    const rng = drop?.rng ?? null, p = drop?.p ?? 0;
    this.batch = batch;
    this.layers = [];
    let x = new F(rows * d);
    for (let b = 0; b < batch.lens.length; b++) {
      for (let t = 0; t < batch.lens[b]; t++) {
        const r = batch.starts[b] + t, id = batch.ids[r];
        if (t >= this.arch.maxLen) throw new Error(`sequence of ${batch.lens[b]} tokens is longer than maxLen ${this.arch.maxLen}`);
        for (let i = 0; i < d; i++) x[r * d + i] = P.tok_emb[id * d + i] + P.pos_emb[t * d + i];
      }
    }
    this.m0 = dropout(x, p, rng);
    for (let l = 0; l < this.arch.layers; l++) {
      const n = `layer${l}`;
      const a1 = new F(rows * d);
      const n1 = layerNorm(x, rows, d, P[`${n}.ln1.scale`], P[`${n}.ln1.bias`], a1, new F(rows * d));
      const q = this.lin(a1, rows, `${n}.attn.q`, d, d);
      const k = this.lin(a1, rows, `${n}.attn.k`, d, d);
      const v = this.lin(a1, rows, `${n}.attn.v`, d, d);
      const ctx = new F(rows * d);
      const att = attention(q, k, v, batch, heads, d / heads, ctx, F);
      const o = this.lin(ctx, rows, `${n}.attn.o`, d, d);
      const m1 = dropout(o, p, rng);
      const x1 = new F(x);
      addInto(x1, o);
      const a2 = new F(rows * d);
      const n2 = layerNorm(x1, rows, d, P[`${n}.ln2.scale`], P[`${n}.ln2.bias`], a2, new F(rows * d));
      const h = this.lin(a2, rows, `${n}.ffn.up`, d, ffn);
      const g = new F(rows * ffn);
      gelu(h, g);
      const f = this.lin(g, rows, `${n}.ffn.down`, ffn, d);
      const m2 = dropout(f, p, rng);
      const x2 = new F(x1);
      addInto(x2, f);
      this.layers.push({ n1, a1, q, k, v, att, ctx, m1, n2, a2, h, g, m2 });
      x = x2;
    }
    this.xf = new F(rows * d);
    this.nf = layerNorm(x, rows, d, P['final_ln.scale'], P['final_ln.bias'], this.xf, new F(rows * d));
    const count = batch.lens.length;
    this.pooled = new F(count * d);
    for (let b = 0; b < count; b++) {
      for (let t = 0; t < batch.lens[b]; t++) {
        const r = batch.starts[b] + t;
        for (let i = 0; i < d; i++) this.pooled[b * d + i] += this.xf[r * d + i];
      }
      for (let i = 0; i < d; i++) this.pooled[b * d + i] /= batch.lens[b];
    }
    return this.lin(this.pooled, count, 'head', d, classes);
  }

  zeroGrads(): void {
    for (const g of Object.values(this.grads)) g.fill(0);
  }

  /** Accumulates parameter gradients for dLoss/dlogits of the last forward pass. */
  backward(dlogits: Vec): void {
    const batch = this.batch;
    if (!batch) throw new Error('backward() before forward()');
    const { dModel: d, heads, ffn, classes } = this.arch;
    const P = this.params, G = this.grads, F = this.F, rows = batch.rows, count = batch.lens.length;
    // Each step mirrors a line of forward(), in reverse; gradients into the residual stream add up.
    const dPooled = new F(count * d);
    linearBackward(this.pooled, dlogits, count, d, P['head.weight'], classes, dPooled, G['head.weight'], G['head.bias']);
    const dxf = new F(rows * d);
    for (let b = 0; b < count; b++) {
      for (let t = 0; t < batch.lens[b]; t++) {
        const r = batch.starts[b] + t;
        for (let i = 0; i < d; i++) dxf[r * d + i] = dPooled[b * d + i] / batch.lens[b];
      }
    }
    let dx = new F(rows * d);
    layerNormBackward(dxf, rows, d, P['final_ln.scale'], this.nf, dx, G['final_ln.scale'], G['final_ln.bias']);
    for (let l = this.arch.layers - 1; l >= 0; l--) {
      const n = `layer${l}`, c = this.layers[l];
      // x2 = x1 + f: dx flows to x1 unchanged and into the FFN branch.
      const df = new F(dx);
      applyMask(df, c.m2);
      const dg = new F(rows * ffn);
      linearBackward(c.g, df, rows, ffn, P[`${n}.ffn.down.weight`], d, dg, G[`${n}.ffn.down.weight`], G[`${n}.ffn.down.bias`]);
      const dh = new F(rows * ffn);
      geluBackward(c.h, dg, dh);
      const da2 = new F(rows * d);
      linearBackward(c.a2, dh, rows, d, P[`${n}.ffn.up.weight`], ffn, da2, G[`${n}.ffn.up.weight`], G[`${n}.ffn.up.bias`]);
      const dx1 = new F(dx);
      layerNormBackward(da2, rows, d, P[`${n}.ln2.scale`], c.n2, dx1, G[`${n}.ln2.scale`], G[`${n}.ln2.bias`]);
      // x1 = x + o.
      const dO = new F(dx1);
      applyMask(dO, c.m1);
      const dctx = new F(rows * d);
      linearBackward(c.ctx, dO, rows, d, P[`${n}.attn.o.weight`], d, dctx, G[`${n}.attn.o.weight`], G[`${n}.attn.o.bias`]);
      const dq = new F(rows * d), dk = new F(rows * d), dv = new F(rows * d);
      attentionBackward(c.q, c.k, c.v, batch, heads, d / heads, c.att, dctx, dq, dk, dv, F);
      const da1 = new F(rows * d), tmp = new F(rows * d);
      for (const [m, dm] of [['q', dq], ['k', dk], ['v', dv]] as const) {
        linearBackward(c.a1, dm, rows, d, P[`${n}.attn.${m}.weight`], d, tmp, G[`${n}.attn.${m}.weight`], G[`${n}.attn.${m}.bias`]);
        addInto(da1, tmp);
      }
      const dxIn = new F(dx1);
      layerNormBackward(da1, rows, d, P[`${n}.ln1.scale`], c.n1, dxIn, G[`${n}.ln1.scale`], G[`${n}.ln1.bias`]);
      dx = dxIn;
    }
    applyMask(dx, this.m0);
    this.embeddingBackward(dx, batch);
  }

  private embeddingBackward(dx: Vec, batch: TokenBatch): void {
    const d = this.arch.dModel, G = this.grads;
    for (let b = 0; b < batch.lens.length; b++) {
      for (let t = 0; t < batch.lens[b]; t++) {
        const r = batch.starts[b] + t, id = batch.ids[r];
        for (let i = 0; i < d; i++) {
          G.tok_emb[id * d + i] += dx[r * d + i];
          G.pos_emb[t * d + i] += dx[r * d + i];
        }
      }
    }
  }
}
