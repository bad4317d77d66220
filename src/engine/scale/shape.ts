// Transformer shapes for the scale lab: what the generator builds (BERT-like encoders, GPT-2-like decoders), their
// exact parameter count in closed form, and the checks that keep a shape buildable. The count follows the reference
// architectures term by term, so the BERT-base and GPT-2-small shapes give their published 109,482,240 and
// 124,439,808 parameters (bert-base-uncased with pooler; GPT-2 with its LM head tied to the token embedding).

export type TransformerKind = 'encoder' | 'decoder';

export interface TransformerShape {
  kind: TransformerKind;
  layers: number;
  hidden: number;
  heads: number;
  /** Width of the feed-forward block (4 × hidden in BERT and GPT-2). */
  ffn: number;
  vocab: number;
  /** Rows of the learned position table: the longest sequence the model accepts. */
  positions: number;
  /** Encoder: tokens per run. Decoder: prompt tokens (the prefill). */
  sequence: number;
  /** Decoder only: tokens generated one at a time after the prompt, with the key/value cache. */
  decodeTokens?: number;
}

/** BERT's token-type (segment) table has two rows. */
export const TOKEN_TYPES = 2;

/** Parameters of one layer: Q, K, V, output projections with biases, two LayerNorms, the FFN with biases. */
function layerParams(d: number, f: number): number {
  return 4 * d * d + 4 * d + 2 * d * f + f + d + 2 * 2 * d;
}

/** Closed-form parameter count of the generated model (every initializer element except graph constants). */
export function parameterCount(s: TransformerShape): number {
  const d = s.hidden;
  const embeddings = s.vocab * d + s.positions * d;
  const layers = s.layers * layerParams(d, s.ffn);
  if (s.kind === 'encoder') {
    // token types + embedding LayerNorm, and the pooler (dense d×d + bias) on the first token.
    return embeddings + TOKEN_TYPES * d + 2 * d + layers + d * d + d;
  }
  // final LayerNorm; the LM head reuses the token embedding (tied), so it adds nothing.
  return embeddings + layers + 2 * d;
}

/** Tokens the decoder's position table must cover: the prompt plus every generated token. */
export function contextLength(s: TransformerShape): number {
  return s.sequence + (s.kind === 'decoder' ? (s.decodeTokens ?? 0) : 0);
}

const LIMITS = { layers: [1, 96], hidden: [8, 8192], heads: [1, 128], ffn: [8, 65536], vocab: [2, 262144], positions: [1, 8192], sequence: [1, 4096], decodeTokens: [0, 1024] } as const;

/** A sentence naming what is wrong with the shape, or undefined when the generator can build it. */
export function shapeProblem(s: TransformerShape): string | undefined {
  if (s.kind !== 'encoder' && s.kind !== 'decoder') return `Unknown model kind "${String(s.kind)}": choose encoder or decoder.`;
  for (const [key, [lo, hi]] of Object.entries(LIMITS)) {
    const v = (s as unknown as Record<string, number | undefined>)[key];
    if (key === 'decodeTokens' && v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) return `${key} must be a whole number from ${lo} to ${hi} (got ${String(v)}).`;
  }
  if (s.hidden % s.heads) return `hidden (${s.hidden}) must be a multiple of heads (${s.heads}): each head gets hidden / heads dimensions.`;
  if (contextLength(s) > s.positions) return `The position table has ${s.positions} rows but a run needs ${contextLength(s)} positions: raise positions or shorten the sequence.`;
  return undefined;
}
