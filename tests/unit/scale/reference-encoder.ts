// A plain-JS forward pass of the generated BERT-like encoder, written from the architecture (not from the graph
// builder), reading the weights from the model's initializers by name: if the ONNX graph wires heads, transposes,
// residuals or norms differently, its output differs from this one.
import { readFloat32, type ModelProto } from '../../../src/engine/onnx';
import type { TransformerShape } from '../../../src/engine/scale/shape';

type Mat = Float32Array; // row-major [rows, cols]

function weights(model: ModelProto): (name: string) => Float32Array {
  const map = new Map(model.graph!.initializer.map((t) => [t.name, t]));
  return (name) => {
    const t = map.get(name);
    if (!t) throw new Error(`no initializer ${name}`);
    return readFloat32(t);
  };
}

function linear(x: Mat, rows: number, w: Float32Array, b: Float32Array, k: number, n: number): Mat {
  const y = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) for (let c = 0; c < n; c++) {
    let s = b[c];
    for (let i = 0; i < k; i++) s += x[r * k + i] * w[i * n + c];
    y[r * n + c] = s;
  }
  return y;
}

function layerNorm(x: Mat, rows: number, d: number, g: Float32Array, b: Float32Array, eps: number): Mat {
  const y = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    let mean = 0, v = 0;
    for (let i = 0; i < d; i++) mean += x[r * d + i];
    mean /= d;
    for (let i = 0; i < d; i++) v += (x[r * d + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / d + eps);
    for (let i = 0; i < d; i++) y[r * d + i] = (x[r * d + i] - mean) * inv * g[i] + b[i];
  }
  return y;
}

/** erf via Numerical Recipes' erfc approximation (fractional error below 1.2e-7): far inside the test tolerance. */
function erf(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y = 1 - t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? y : -y;
}

/** last_hidden_state [L, d] and pooler_output [d] for one sequence. */
export function referenceEncoder(model: ModelProto, s: TransformerShape, tokens: number[], types: number[]): { hidden: Float32Array; pooled: Float32Array } {
  const W = weights(model);
  const { hidden: d, heads, ffn: f } = s;
  const L = tokens.length, dh = d / heads, eps = 1e-12;
  const word = W('embeddings.word'), pos = W('embeddings.position'), type = W('embeddings.token_type');
  let x: Mat = new Float32Array(L * d);
  for (let t = 0; t < L; t++) for (let i = 0; i < d; i++) x[t * d + i] = word[tokens[t] * d + i] + pos[t * d + i] + type[types[t] * d + i];
  x = layerNorm(x, L, d, W('embeddings.norm.weight'), W('embeddings.norm.bias'), eps);
  for (let l = 0; l < s.layers; l++) {
    const p = `layer${l}`;
    const lin = (name: string, input: Mat, k: number, n: number) => linear(input, L, W(`${p}.${name}.weight`), W(`${p}.${name}.bias`), k, n);
    const q = lin('attention.query', x, d, d), k = lin('attention.key', x, d, d), v = lin('attention.value', x, d, d);
    const ctx = new Float32Array(L * d);
    for (let h = 0; h < heads; h++) for (let i = 0; i < L; i++) {
      const scores = new Float64Array(L);
      let max = -Infinity;
      for (let j = 0; j < L; j++) {
        let dot = 0;
        for (let e = 0; e < dh; e++) dot += q[i * d + h * dh + e] * k[j * d + h * dh + e];
        scores[j] = dot / Math.sqrt(dh);
        max = Math.max(max, scores[j]);
      }
      let sum = 0;
      for (let j = 0; j < L; j++) sum += scores[j] = Math.exp(scores[j] - max);
      for (let e = 0; e < dh; e++) {
        let acc = 0;
        for (let j = 0; j < L; j++) acc += (scores[j] / sum) * v[j * d + h * dh + e];
        ctx[i * d + h * dh + e] = acc;
      }
    }
    const attn = lin('attention.output', ctx, d, d);
    for (let i = 0; i < x.length; i++) attn[i] += x[i];
    x = layerNorm(attn, L, d, W(`${p}.attention.norm.weight`), W(`${p}.attention.norm.bias`), eps);
    const up = lin('ffn.up', x, d, f).map((u) => 0.5 * u * (1 + erf(u / Math.SQRT2)));
    const down = lin('ffn.down', up, f, d);
    for (let i = 0; i < x.length; i++) down[i] += x[i];
    x = layerNorm(down, L, d, W(`${p}.ffn.norm.weight`), W(`${p}.ffn.norm.bias`), eps);
  }
  const pooled = linear(x.subarray(0, d), 1, W('pooler.dense.weight'), W('pooler.dense.bias'), d, d).map(Math.tanh);
  return { hidden: x, pooled };
}
