// Trains the bundled sentiment Transformer and writes models/sentiment/{tokenizer.json, model.onnx, eval.json,
// MODEL_CARD.md}, then measures the written files with onnxruntime-web exactly as the app would.
// Usage (repo root): npx tsx scripts/train-sentiment.ts             train on the train split, write the files
//                    npx tsx scripts/train-sentiment.ts --validate  tune: hold out part of train, write nothing
// Deterministic: fixed seeds, one thread -> identical bytes on rerun.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MAX_TOKENS, SentimentTokenizer } from '../src/models/sentiment/tokenize';
import { encodeEvalSet, loadSentences, SENTIMENT_SPLIT, type Sentence, stratifiedSplit } from './train-sentiment/data';
import { renderModelCard } from './train-sentiment/model-card';
import { assertFaithful, formatMeasurement, measureSentiment } from './train-sentiment/measure';
import { exportOnnx } from './train-sentiment/onnx-export';
import { type Arch, countParams } from './train-sentiment/params';
import { type EncodedSet, train, type TrainConfig } from './train-sentiment/trainer';
import { tokenizerJson, trainWordPiece } from './train-sentiment/wordpiece';

// The test split (seed 1) is fixed first; every tuning run used the validation split (seed 2) carved from the
// remaining training sentences, so no test sentence ever informed a choice below.
const { seed: SPLIT_SEED, testShare: TEST_SHARE } = SENTIMENT_SPLIT;
const VALIDATION_SEED = 2;
const VALIDATION_SHARE = 0.15;
const VOCAB = { vocabSize: 2000, minFrequency: 2 };

// Chosen with --validate (2,025 train / 358 validation sentences carved from the training split). Validation
// accuracy after 12 epochs: vocabulary 3,000 -> 76.8-78.2% (dropout 0.1-0.3, weight decay 0.01-0.5);
// vocabulary 2,000 -> 80.7-81.0% (dropout 0.2, weight decay 0.05 or 0.5), 79.6% with dropout 0.3.
const CONFIG: TrainConfig = {
  seed: 7,
  epochs: 12,
  batchSize: 32,
  lrMax: 1e-3,
  lrMin: 1e-5,
  warmupSteps: 50,
  adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05 },
  dropout: 0.2,
  wordDropout: 0.2,
  emaDecay: 0.99,
};

const outDir = fileURLToPath(new URL('../models/sentiment/', import.meta.url));
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function encode(tok: SentimentTokenizer, set: Sentence[]): EncodedSet {
  return { ids: set.map((s) => tok.encode(s.text)), labels: Uint8Array.from(set, (s) => s.label) };
}

async function main(): Promise<void> {
  const validate = process.argv.includes('--validate');
  const { sentences, report } = loadSentences();
  const split = stratifiedSplit(sentences, TEST_SHARE, SPLIT_SEED);
  const { kept: trainSet, held: valSet } = validate ? stratifiedSplit(split.kept, VALIDATION_SHARE, VALIDATION_SEED) : { kept: split.kept, held: [] };
  console.log(`${sentences.length} sentences (${report.dropped} empty, ${report.duplicates} duplicates dropped) -> ` +
    `${trainSet.length} train / ${validate ? `${valSet.length} validation` : `${split.held.length} test`}`);

  const vocab = trainWordPiece(trainSet.map((s) => s.text), VOCAB);
  const tokJson = tokenizerJson(vocab, MAX_TOKENS);
  const tokText = JSON.stringify(tokJson, null, 1) + '\n';
  // Tokenise through the serialised file, exactly as the app will load it.
  const tok = new SentimentTokenizer(JSON.parse(tokText) as object);
  const data = encode(tok, trainSet);
  const truncated = trainSet.filter((s) => tok.tokens(s.text).length + 2 > MAX_TOKENS).length;
  const arch: Arch = { vocab: tok.vocabSize, maxLen: MAX_TOKENS, dModel: 64, heads: 4, ffn: 128, layers: 2, classes: 2 };
  console.log(`vocabulary ${tok.vocabSize} tokens; encoder with ${countParams(arch)} parameters; ${CONFIG.epochs} epochs`);

  const { params, history, seconds, cpuSeconds } = train(arch, data, CONFIG, {
    unkId: tok.unkId, keepIds: [tok.clsId, tok.sepId], val: validate ? encode(tok, valSet) : undefined,
    log: (s) => console.log(`epoch ${String(s.epoch).padStart(2)}/${CONFIG.epochs}  loss ${s.loss.toFixed(4)}  ` +
      `train-acc ${(100 * s.trainAcc).toFixed(1)}%${s.valAcc !== undefined ? `  val-acc ${(100 * s.valAcc).toFixed(2)}%` : ''}  ` +
      `lr ${s.lr.toExponential(2)}  ${s.seconds.toFixed(1)} s`),
  });
  console.log(`training took ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU)`);
  if (validate) return;

  mkdirSync(outDir, { recursive: true });
  const modelBytes = exportOnnx(arch, params, {
    docString: 'Sentiment of one English sentence (2-layer Transformer encoder). Inputs: input_ids, attention_mask ' +
      'int64 [N,L] from models/sentiment/tokenizer.json. Output: logits [N,2] for negative, positive.',
    metadata: { labels: 'negative,positive', tokenizer: 'models/sentiment/tokenizer.json', max_tokens: String(MAX_TOKENS) },
  });
  const evalText = encodeEvalSet(split.held);
  writeFileSync(outDir + 'tokenizer.json', tokText);
  writeFileSync(outDir + 'model.onnx', modelBytes);
  writeFileSync(outDir + 'eval.json', evalText);

  // Measure what is on disk, as a consumer reads it.
  const m = await measureSentiment(
    new Uint8Array(readFileSync(outDir + 'model.onnx')), new Uint8Array(readFileSync(outDir + 'eval.json')),
    JSON.parse(readFileSync(outDir + 'tokenizer.json', 'utf8')) as object, arch,
  );
  console.log(formatMeasurement(m));
  assertFaithful(m);
  const card = renderModelCard({
    arch, cfg: CONFIG, load: report, splitSeed: SPLIT_SEED, testShare: TEST_SHARE, trainCount: trainSet.length,
    testCount: split.held.length, vocabSize: tok.vocabSize, minFrequency: VOCAB.minFrequency, truncatedTrain: truncated,
    history, trainSeconds: seconds, trainCpuSeconds: cpuSeconds, machine: `Node.js ${process.version} on ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    m, modelBytes: modelBytes.length,
    sha256: { 'model.onnx': sha256(modelBytes), 'tokenizer.json': sha256(tokText), 'eval.json': sha256(evalText) },
  });
  writeFileSync(outDir + 'MODEL_CARD.md', card);
  console.log(`wrote ${outDir}: model.onnx (${modelBytes.length} bytes), tokenizer.json, eval.json (${evalText.length} bytes), MODEL_CARD.md`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
