// Minibatch training of the digits CNN with the project's one training engine: the initial weights are exported
// to the ONNX graph and the graph engine trains that graph (the same code that recovers compressed models in
// the browser). Also the engine-side inference used as the reference in the ONNX check.
import { decodeModel } from '../../src/engine/onnx';
import { mulberry32, shuffleInPlace } from '../../src/engine/random';
import { AdamW, type AdamConfig } from '../../src/engine/train/adam';
import { GraphProgram } from '../../src/engine/train/graph/program';
import { floatTensor } from '../../src/engine/train/graph/tensor';
import { softmaxCrossEntropy } from '../../src/engine/train/kernels/loss';
import { learningRate, type Schedule } from '../../src/engine/train/schedule';
import { initParams, PARAM_NAMES, type Params } from './cnn';
import { type AugmentConfig, augmentInto, type DigitSet, PIXELS, toFloatInput } from './data';
import { exportOnnx } from './onnx-export';

export interface TrainConfig extends Schedule {
  seed: number;
  epochs: number;
  batchSize: number;
  adam: AdamConfig;
  augment: AugmentConfig;
  /** Share of training samples that get the random affine warp (rest stay clean). */
  augmentProb: number;
}

export interface EpochStats {
  epoch: number;
  loss: number;
  trainAcc: number; // on the (augmented) batches as seen, not a clean measurement
  lr: number;
  seconds: number;
}

export interface TrainResult {
  params: Params;
  history: EpochStats[];
  seconds: number; // wall clock
  cpuSeconds: number; // process CPU time: meaningful even when the machine is shared
}

const input = (x: Float32Array, batch: number) => ({ input: floatTensor([batch, 1, 28, 28], x.subarray(0, batch * PIXELS)) });

export function trainCnn(data: DigitSet, cfg: TrainConfig, log: (s: EpochStats) => void): TrainResult {
  // Separate streams so e.g. changing augmentation doesn't change the init.
  const program = new GraphProgram(decodeModel(exportOnnx(initParams(mulberry32(cfg.seed ^ 0x1111)))));
  const orderRng = mulberry32(cfg.seed ^ 0x2222);
  const augRng = mulberry32(cfg.seed ^ 0x3333);
  const opt = new AdamW(program.params, cfg.adam, (name) => name.endsWith('.weight'));
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = i;
  const xb = new Float32Array(cfg.batchSize * PIXELS);
  const yb = new Uint8Array(cfg.batchSize);
  const stepsPerEpoch = Math.ceil(data.n / cfg.batchSize);
  const totalSteps = stepsPerEpoch * cfg.epochs;
  const history: EpochStats[] = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let step = 0;
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const te = performance.now();
    shuffleInPlace(order, orderRng);
    let lossSum = 0;
    let correct = 0;
    let lr = 0;
    for (let start = 0; start < data.n; start += cfg.batchSize) {
      const batch = Math.min(cfg.batchSize, data.n - start);
      for (let j = 0; j < batch; j++) {
        const idx = order[start + j];
        yb[j] = data.labels[idx];
        if (augRng() < cfg.augmentProb) augmentInto(data.pixels, idx * PIXELS, xb, j * PIXELS, cfg.augment, augRng);
        else for (let i = 0; i < PIXELS; i++) xb[j * PIXELS + i] = data.pixels[idx * PIXELS + i] / 255;
      }
      const logits = program.forward(input(xb, batch), true).logits.data;
      const dLogits = new Float32Array(batch * 10);
      const r = softmaxCrossEntropy(logits, yb, batch, 10, dLogits);
      lossSum += r.loss * batch;
      correct += r.correct;
      program.zeroGrads();
      program.backward({ logits: dLogits });
      lr = learningRate(cfg, step++, totalSteps);
      opt.step(program.grads, lr);
    }
    const stats: EpochStats = { epoch, loss: lossSum / data.n, trainAcc: correct / data.n, lr, seconds: (performance.now() - te) / 1000 };
    history.push(stats);
    log(stats);
  }
  const cpu = process.cpuUsage(cpu0);
  const params = Object.fromEntries(PARAM_NAMES.map((name) => [name, Float32Array.from(program.params[name])])) as Params;
  return { params, history, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Logits for every image, computed by the training engine's own float32 forward pass of the model file. */
export function predictLogits(modelBytes: Uint8Array, pixels: Uint8Array, n: number, batchSize = 100): Float32Array {
  const program = new GraphProgram(decodeModel(modelBytes));
  const x = new Float32Array(batchSize * PIXELS);
  const out = new Float32Array(n * 10);
  for (let start = 0; start < n; start += batchSize) {
    const batch = Math.min(batchSize, n - start);
    toFloatInput(pixels, start, batch, x);
    out.set(program.forward(input(x, batch)).logits.data.subarray(0, batch * 10), start * 10);
  }
  return out;
}

export function argmaxRows(logits: Float32Array, n: number, classes = 10): Uint8Array {
  const out = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[r * classes + k] > logits[r * classes + best]) best = k;
    out[r] = best;
  }
  return out;
}
