// A BERT-like encoder (post-LayerNorm, as bert-base): token + position + token-type embeddings, LayerNorm, then per
// layer self-attention and a GELU feed-forward block, each added to its input and normalized; a pooler (dense + tanh
// on the first token). Outputs the last hidden state [batch, sequence, hidden] and the pooled vector [batch, hidden].
import { DataType } from '../onnx';
import { GraphBuilder, valueInfo } from './builder';
import { TOKEN_TYPES, type TransformerShape } from './shape';

/** bert-base's LayerNorm epsilon. */
const EPS = 1e-12;

export function buildEncoder(b: GraphBuilder, s: TransformerShape) {
  const { hidden: d, heads, ffn } = s;
  const dh = d / heads;
  const word = b.op('Gather', [b.weight('embeddings.word', [s.vocab, d], { kind: 'table' }), 'input_ids'], 'embeddings.word.gather', { axis: 0 });
  const len = b.op('Shape', ['input_ids'], 'embeddings.sequence_length', { start: 1, end: 2 });
  const pos = b.op('Slice', [b.weight('embeddings.position', [s.positions, d], { kind: 'table' }), b.int64('zero', [0]), len, b.int64('axis0', [0])], 'embeddings.position.slice');
  const type = b.op('Gather', [b.weight('embeddings.token_type', [TOKEN_TYPES, d], { kind: 'table' }), 'token_type_ids'], 'embeddings.token_type.gather', { axis: 0 });
  const sum = b.op('Add', [b.op('Add', [word, pos], 'embeddings.sum_positions'), type], 'embeddings.sum');
  let x = b.layerNorm(sum, 'embeddings.norm', d, EPS);
  const scale = b.float('attention_scale', 1 / Math.sqrt(dh));
  for (let l = 0; l < s.layers; l++) {
    const p = `layer${l}`;
    const q = b.splitHeads(b.linear(x, `${p}.attention.query`, d, d), `${p}.attention.query`, heads, dh);
    const kT = b.splitHeads(b.linear(x, `${p}.attention.key`, d, d), `${p}.attention.key`, heads, dh, true);
    const v = b.splitHeads(b.linear(x, `${p}.attention.value`, d, d), `${p}.attention.value`, heads, dh);
    const scores = b.op('Mul', [b.op('MatMul', [q, kT], `${p}.attention.scores`), scale], `${p}.attention.scaled`);
    const probs = b.op('Softmax', [scores], `${p}.attention.softmax`, { axis: -1 });
    const context = b.mergeHeads(b.op('MatMul', [probs, v], `${p}.attention.context`), `${p}.attention`, d);
    const attended = b.op('Add', [x, b.linear(context, `${p}.attention.output`, d, d)], `${p}.attention.residual`);
    x = b.layerNorm(attended, `${p}.attention.norm`, d, EPS);
    const h = b.gelu(b.linear(x, `${p}.ffn.up`, d, ffn), `${p}.ffn.gelu`);
    const fed = b.op('Add', [x, b.linear(h, `${p}.ffn.down`, ffn, d)], `${p}.ffn.residual`);
    x = b.layerNorm(fed, `${p}.ffn.norm`, d, EPS);
  }
  b.op('Identity', [x], 'last_hidden_state');
  const first = b.op('Gather', [x, b.int64('first_token', [0], true)], 'pooler.first_token', { axis: 1 });
  b.op('Tanh', [b.linear(first, 'pooler.dense', d, d)], 'pooler_output');
  return {
    inputs: [valueInfo('input_ids', DataType.INT64, ['batch', 'sequence']), valueInfo('token_type_ids', DataType.INT64, ['batch', 'sequence'])],
    outputs: [valueInfo('last_hidden_state', DataType.FLOAT, ['batch', 'sequence', d]), valueInfo('pooler_output', DataType.FLOAT, ['batch', d])],
  };
}
