// The encoder's architecture and its named parameters. Names are the ONNX initializer names; matrix weights are
// stored [in, out] so each projection exports as MatMul(x, W) + b (the MatMuls int8/int4 quantization acts on).
import { gaussian, type Rand as Rng } from '../../src/engine/random';
import type { Vec, VecCtor } from '../../src/engine/train/kernels/vec';

export interface Arch {
  vocab: number;
  /** Longest input, in tokens (rows of the learned position table). */
  maxLen: number;
  dModel: number;
  heads: number;
  ffn: number;
  layers: number;
  classes: number;
}

export type Params = Record<string, Vec>;

/** [name, shape] in a fixed order (the export and the optimiser walk this list). */
export function paramShapes(a: Arch): [string, number[]][] {
  const d = a.dModel;
  const list: [string, number[]][] = [['tok_emb', [a.vocab, d]], ['pos_emb', [a.maxLen, d]]];
  for (let l = 0; l < a.layers; l++) {
    const p = `layer${l}`;
    list.push([`${p}.ln1.scale`, [d]], [`${p}.ln1.bias`, [d]]);
    for (const m of ['q', 'k', 'v', 'o']) list.push([`${p}.attn.${m}.weight`, [d, d]], [`${p}.attn.${m}.bias`, [d]]);
    list.push([`${p}.ln2.scale`, [d]], [`${p}.ln2.bias`, [d]]);
    list.push([`${p}.ffn.up.weight`, [d, a.ffn]], [`${p}.ffn.up.bias`, [a.ffn]]);
    list.push([`${p}.ffn.down.weight`, [a.ffn, d]], [`${p}.ffn.down.bias`, [d]]);
  }
  list.push(['final_ln.scale', [d]], ['final_ln.bias', [d]], ['head.weight', [d, a.classes]], ['head.bias', [a.classes]]);
  return list;
}

export const sizeOfShape = (dims: number[]) => dims.reduce((s, x) => s * x, 1);

export function countParams(a: Arch): number {
  return paramShapes(a).reduce((s, [, dims]) => s + sizeOfShape(dims), 0);
}

export function zeroParams(a: Arch, F: VecCtor = Float32Array): Params {
  return Object.fromEntries(paramShapes(a).map(([name, dims]) => [name, new F(sizeOfShape(dims))]));
}

/** Matrices and embeddings get weight decay; biases and LayerNorm parameters do not. */
export const isDecayed = (name: string) => name.endsWith('.weight') || name.endsWith('_emb');

/**
 * Embeddings N(0, 0.02) as in BERT; projections Xavier-normal, with the two that write into the residual stream
 * (attn.o, ffn.down) scaled by 1/sqrt(2·layers) as in GPT-2, so the stream's variance doesn't grow with depth.
 */
export function initParams(a: Arch, rng: Rng, F: VecCtor = Float32Array): Params {
  const params = zeroParams(a, F);
  for (const [name, dims] of paramShapes(a)) {
    const p = params[name];
    if (name.endsWith('.scale')) p.fill(1);
    else if (name.endsWith('_emb')) for (let i = 0; i < p.length; i++) p[i] = 0.02 * gaussian(rng);
    else if (name.endsWith('.weight')) {
      const residual = name.endsWith('attn.o.weight') || name.endsWith('ffn.down.weight');
      const std = Math.sqrt(2 / (dims[0] + dims[1])) * (residual ? 1 / Math.sqrt(2 * a.layers) : 1);
      for (let i = 0; i < p.length; i++) p[i] = std * gaussian(rng);
    }
  }
  return params;
}
