// A GPT-2-like decoder (pre-LayerNorm) with a key/value cache, in the layout ONNX exports of GPT-2 use: inputs
// input_ids [batch, sequence] and per layer past_key.{l} / past_value.{l} [batch, heads, past, head_dim]; outputs
// logits [batch, sequence, vocab] and present_key.{l} / present_value.{l} [batch, heads, past + sequence, head_dim].
// One graph serves both phases: the prompt (prefill) runs with an empty past (past = 0), each generated token runs
// with the cache the previous call returned. Positions start at the past length; a causal mask hides keys after each
// query. The LM head reads the token embedding itself (Gemm with transB), so the table is stored once, as in GPT-2.
import { DataType } from '../onnx';
import { GraphBuilder, valueInfo } from './builder';
import type { TransformerShape } from './shape';

/** GPT-2's LayerNorm epsilon. */
const EPS = 1e-5;
/** Added to masked attention scores: exp underflows to exactly 0 in float32, and the value survives an fp16 cast. */
export const MASK_BIAS = -10000;

export const pastKey = (l: number) => `past_key.${l}`;
export const pastValue = (l: number) => `past_value.${l}`;
export const presentKey = (l: number) => `present_key.${l}`;
export const presentValue = (l: number) => `present_value.${l}`;

export function buildDecoder(b: GraphBuilder, s: TransformerShape) {
  const { hidden: d, heads, ffn } = s;
  const dh = d / heads;
  const wte = b.weight('embeddings.word', [s.vocab, d], { kind: 'table' });
  // Positions past .. past + sequence - 1, and the causal mask [sequence, past + sequence] over them.
  const pastLen = b.op('Shape', [pastKey(0)], 'positions.past_length', { start: 2, end: 3 });
  const newLen = b.op('Shape', ['input_ids'], 'positions.new_length', { start: 1, end: 2 });
  const totalLen = b.op('Add', [pastLen, newLen], 'positions.total_length');
  const axes0 = b.int64('axis0', [0]);
  const past = b.op('Squeeze', [pastLen, axes0], 'positions.past_scalar');
  const total = b.op('Squeeze', [totalLen, axes0], 'positions.total_scalar');
  const one = b.int64('one', [1], true);
  const queryPos = b.op('Range', [past, total, one], 'positions.query');
  const keyPos = b.op('Range', [b.int64('zero', [0], true), total, one], 'positions.key');
  const future = b.op('Greater', [keyPos, b.op('Unsqueeze', [queryPos, b.int64('axis1', [1])], 'positions.query_column')], 'mask.future');
  const maskBias = b.op('Where', [future, b.float('mask_bias', MASK_BIAS), b.float('zero', 0)], 'mask.bias');

  const tok = b.op('Gather', [wte, 'input_ids'], 'embeddings.word.gather', { axis: 0 });
  const pos = b.op('Gather', [b.weight('embeddings.position', [s.positions, d], { kind: 'table' }), queryPos], 'embeddings.position.gather', { axis: 0 });
  let x = b.op('Add', [tok, pos], 'embeddings.sum');
  const scale = b.float('attention_scale', 1 / Math.sqrt(dh));
  const thirds = b.int64(`qkv_split_${d}`, [d, d, d]);
  for (let l = 0; l < s.layers; l++) {
    const p = `layer${l}`;
    const qkv = b.linear(b.layerNorm(x, `${p}.attention.norm`, d, EPS), `${p}.attention.qkv`, d, 3 * d);
    const [qs, ks, vs] = b.multi('Split', [qkv, thirds], [`${p}.attention.q`, `${p}.attention.k`, `${p}.attention.v`], `${p}.attention.split`, { axis: -1 });
    const q = b.splitHeads(qs, `${p}.attention.query`, heads, dh);
    const k = b.op('Concat', [pastKey(l), b.splitHeads(ks, `${p}.attention.key`, heads, dh)], presentKey(l), { axis: 2 });
    const v = b.op('Concat', [pastValue(l), b.splitHeads(vs, `${p}.attention.value`, heads, dh)], presentValue(l), { axis: 2 });
    const kT = b.op('Transpose', [k], `${p}.attention.key_t`, { perm: [0, 1, 3, 2] });
    const scores = b.op('Mul', [b.op('MatMul', [q, kT], `${p}.attention.scores`), scale], `${p}.attention.scaled`);
    const probs = b.op('Softmax', [b.op('Add', [scores, maskBias], `${p}.attention.masked`)], `${p}.attention.softmax`, { axis: -1 });
    const context = b.mergeHeads(b.op('MatMul', [probs, v], `${p}.attention.context`), `${p}.attention`, d);
    x = b.op('Add', [x, b.linear(context, `${p}.attention.output`, d, d)], `${p}.attention.residual`);
    const h = b.gelu(b.linear(b.layerNorm(x, `${p}.ffn.norm`, d, EPS), `${p}.ffn.up`, d, ffn), `${p}.ffn.gelu`);
    x = b.op('Add', [x, b.linear(h, `${p}.ffn.down`, ffn, d)], `${p}.ffn.residual`);
  }
  const final = b.layerNorm(x, 'final_norm', d, EPS);
  // LM head tied to the token embedding: Gemm(x, Wteᵀ) on [batch·sequence, d], then back to [batch, sequence, vocab].
  const flat = b.op('Reshape', [final, b.int64(`flatten_${d}`, [-1, d])], 'lm_head.flatten');
  const scores2d = b.op('Gemm', [flat, wte], 'lm_head.gemm', { transB: 1 });
  const outShape = b.op('Concat', [b.op('Shape', ['input_ids'], 'lm_head.batch_sequence'), b.int64(`vocab_${s.vocab}`, [s.vocab])], 'lm_head.shape', { axis: 0 });
  b.op('Reshape', [scores2d, outShape], 'logits');

  const cache = (name: (l: number) => string, len: string) => Array.from({ length: s.layers }, (_, l) => valueInfo(name(l), DataType.FLOAT, ['batch', heads, len, dh]));
  return {
    inputs: [valueInfo('input_ids', DataType.INT64, ['batch', 'sequence']), ...cache(pastKey, 'past'), ...cache(pastValue, 'past')],
    outputs: [valueInfo('logits', DataType.FLOAT, ['batch', 'sequence', s.vocab]), ...cache(presentKey, 'total'), ...cache(presentValue, 'total')],
  };
}
