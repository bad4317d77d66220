// Minibatch training loop and the plain-TS inference used as ONNX reference.
import { AdamW, type AdamConfig } from './adam';
import { Cnn, initParams, type Params } from './cnn';
import { type AugmentConfig, augmentInto, type DigitSet, PIXELS, toFloatInput } from './data';
import { mulberry32, shuffleInPlace } from './rng';

export interface TrainConfig {
  seed: number;
  epochs: number;
  batchSize: number;
  /** Cosine decay from lrMax to lrMin over all steps (after a short warm-up). */
  lrMax: number;
  lrMin: number;
  warmupSteps: number;
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

export function learningRate(cfg: TrainConfig, step: number, totalSteps: number): number {
  if (step < cfg.warmupSteps) return (cfg.lrMax * (step + 1)) / cfg.warmupSteps;
  const t = (step - cfg.warmupSteps) / Math.max(1, totalSteps - cfg.warmupSteps);
  return cfg.lrMin + 0.5 * (cfg.lrMax - cfg.lrMin) * (1 + Math.cos(Math.PI * t));
}

export interface TrainResult {
  params: Params;
  history: EpochStats[];
  seconds: number; // wall clock
  cpuSeconds: number; // process CPU time: meaningful even when the machine is shared
}

export function trainCnn(data: DigitSet, cfg: TrainConfig, log: (s: EpochStats) => void): TrainResult {
  // Separate streams so e.g. changing augmentation doesn't change the init.
  const params = initParams(mulberry32(cfg.seed ^ 0x1111));
  const orderRng = mulberry32(cfg.seed ^ 0x2222);
  const augRng = mulberry32(cfg.seed ^ 0x3333);
  const net = new Cnn(params, cfg.batchSize);
  const opt = new AdamW(params, cfg.adam);
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
      net.forward(xb, batch);
      const r = net.backward(yb, 0, batch);
      lossSum += r.lossSum;
      correct += r.correct;
      lr = learningRate(cfg, step++, totalSteps);
      opt.step(net.grads, lr);
    }
    const stats: EpochStats = { epoch, loss: lossSum / data.n, trainAcc: correct / data.n, lr, seconds: (performance.now() - te) / 1000 };
    history.push(stats);
    log(stats);
  }
  const cpu = process.cpuUsage(cpu0);
  return { params, history, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Logits for every image, computed by the trainer's own float32 forward pass. */
export function predictLogits(params: Params, pixels: Uint8Array, n: number, batchSize = 100): Float32Array {
  const net = new Cnn(params, batchSize);
  const x = new Float32Array(batchSize * PIXELS);
  const out = new Float32Array(n * 10);
  for (let start = 0; start < n; start += batchSize) {
    const batch = Math.min(batchSize, n - start);
    toFloatInput(pixels, start, batch, x);
    out.set(net.forward(x, batch).subarray(0, batch * 10), start * 10);
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
