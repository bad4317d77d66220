// Re-measures the committed sentiment model without retraining: models/sentiment/{model.onnx, eval.json,
// tokenizer.json} through the app's adapter, onnxruntime-web (src/runtime/ort.ts createRunner, WASM) and the
// shared harness src/models/evaluate.ts; checks ORT against the trainer's forward pass on the weights read
// back from the file, and scores the AFINN baseline on the same sentences.
// Usage: npx tsx scripts/eval-sentiment.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SentimentTokenizer } from '../src/models/sentiment/tokenize';
import { assertFaithful, formatMeasurement, measureSentiment } from './train-sentiment/measure';
import { decodeModel, readIntegers } from '../src/engine/onnx';
import type { Arch } from './train-sentiment/params';

const dir = fileURLToPath(new URL('../models/sentiment/', import.meta.url));

/** The architecture, read from the file's initializer shapes (so this script needs no copy of the config). */
function archOf(modelBytes: Uint8Array, vocab: number): Arch {
  const graph = decodeModel(modelBytes).graph!;
  const inits = new Map(graph.initializer.map((t) => [t.name, t.dims]));
  const dim = (name: string, i: number) => {
    const dims = inits.get(name);
    if (!dims) throw new Error(`model.onnx has no ${name}: not a sentiment-transformer export`);
    return dims[i];
  };
  let layers = 0;
  while (inits.has(`layer${layers}.ln1.scale`)) layers++;
  // Heads are not a weight shape: read them from the Reshape target [0, 0, heads, head_dim].
  const split = graph.initializer.find((t) => t.name === 'const.split_heads');
  const arch: Arch = {
    vocab: dim('tok_emb', 0), maxLen: dim('pos_emb', 0), dModel: dim('tok_emb', 1),
    heads: split ? readIntegers(split)[2] : 0,
    ffn: dim('layer0.ffn.up.weight', 1), layers, classes: dim('head.weight', 1),
  };
  if (arch.vocab !== vocab) throw new Error(`model has ${arch.vocab} token rows but tokenizer.json has ${vocab} tokens`);
  return arch;
}

async function main(): Promise<void> {
  const modelBytes = new Uint8Array(readFileSync(dir + 'model.onnx'));
  const tokenizer = JSON.parse(readFileSync(dir + 'tokenizer.json', 'utf8')) as object;
  const arch = archOf(modelBytes, new SentimentTokenizer(tokenizer).vocabSize);
  const m = await measureSentiment(modelBytes, new Uint8Array(readFileSync(dir + 'eval.json')), tokenizer, arch);
  console.log(formatMeasurement(m));
  assertFaithful(m);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
