// Minibatch training of the encoder (AdamW, warm-up + cosine learning rate, dropout, word dropout) and the
// plain-TS inference used as the ONNX reference.
import { mulberry32, shuffleInPlace } from '../../src/engine/random';
import { type AdamConfig, AdamW } from '../../src/engine/train/adam';
import { softmaxCrossEntropy } from '../../src/engine/train/kernels/loss';
import { learningRate, type Schedule } from '../../src/engine/train/schedule';
import { Encoder, type TokenBatch } from './encoder';
import { type Arch, initParams, isDecayed, type Params } from './params';

export interface TrainConfig extends Schedule {
  seed: number;
  epochs: number;
  batchSize: number;
  adam: AdamConfig;
  /** Dropout on embeddings and both residual branches. */
  dropout: number;
  /** Share of word pieces replaced by [UNK] while training (regularises a model trained on ~2,400 sentences). */
  wordDropout: number;
  /** Exponential moving average of the weights (Polyak averaging), 0 = off; the average is what gets exported. */
  emaDecay: number;
}

/** Sentences as token ids ([CLS] … [SEP]) with labels. */
export interface EncodedSet {
  ids: number[][];
  labels: Uint8Array;
}

export interface EpochStats {
  epoch: number;
  loss: number;
  trainAcc: number;
  /** Accuracy on the validation set, when one is given (never the test set). */
  valAcc?: number;
  lr: number;
  seconds: number;
}

export function pack(seqs: number[][]): TokenBatch {
  const lens = Int32Array.from(seqs, (s) => s.length);
  const starts = new Int32Array(seqs.length);
  let rows = 0;
  seqs.forEach((s, i) => { starts[i] = rows; rows += s.length; });
  const ids = new Int32Array(rows);
  seqs.forEach((s, i) => ids.set(s, starts[i]));
  return { ids, starts, lens, rows };
}

export interface TrainOptions {
  unkId: number;
  /** Ids never replaced by word dropout ([CLS], [SEP]). */
  keepIds: number[];
  val?: EncodedSet;
  log?: (s: EpochStats) => void;
}

export interface TrainResult {
  params: Params;
  history: EpochStats[];
  seconds: number;
  cpuSeconds: number;
}

export function train(arch: Arch, data: EncodedSet, cfg: TrainConfig, opt: TrainOptions): TrainResult {
  // Separate streams, so that e.g. a different dropout rate leaves the init and the batch order unchanged.
  const params = initParams(arch, mulberry32(cfg.seed ^ 0x1111));
  const orderRng = mulberry32(cfg.seed ^ 0x2222);
  const dropRng = mulberry32(cfg.seed ^ 0x3333);
  const wordRng = mulberry32(cfg.seed ^ 0x4444);
  const net = new Encoder(arch, params);
  const adam = new AdamW(params, cfg.adam, isDecayed);
  const n = data.ids.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const totalSteps = Math.ceil(n / cfg.batchSize) * cfg.epochs;
  const keep = new Set(opt.keepIds);
  const history: EpochStats[] = [];
  const ema = cfg.emaDecay > 0 ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float32Array(v)])) : null;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let step = 0;
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const te = performance.now();
    shuffleInPlace(order, orderRng);
    let lossSum = 0, correct = 0, lr = 0;
    for (let start = 0; start < n; start += cfg.batchSize) {
      const idx = Array.from(order.subarray(start, Math.min(n, start + cfg.batchSize)));
      const seqs = idx.map((i) => data.ids[i].map((id) => (!keep.has(id) && wordRng() < cfg.wordDropout ? opt.unkId : id)));
      const labels = idx.map((i) => data.labels[i]);
      const logits = net.forward(pack(seqs), { p: cfg.dropout, rng: dropRng });
      const dlogits = new Float32Array(logits.length);
      const r = softmaxCrossEntropy(logits, labels, idx.length, arch.classes, dlogits);
      lossSum += r.loss * idx.length;
      correct += r.correct;
      net.zeroGrads();
      net.backward(dlogits);
      lr = learningRate(cfg, step++, totalSteps);
      adam.step(net.grads, lr);
      if (ema) {
        for (const [k, v] of Object.entries(params)) {
          const e = ema[k];
          for (let i = 0; i < v.length; i++) e[i] += (1 - cfg.emaDecay) * (v[i] - e[i]);
        }
      }
    }
    const stats: EpochStats = { epoch, loss: lossSum / n, trainAcc: correct / n, lr, seconds: (performance.now() - te) / 1000 };
    if (opt.val) stats.valAcc = accuracy(predictLogits(arch, ema ?? params, opt.val.ids), opt.val.labels, arch.classes);
    history.push(stats);
    opt.log?.(stats);
  }
  const cpu = process.cpuUsage(cpu0);
  return { params: ema ?? params, history, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Logits [n, classes] from the trainer's own forward pass (no dropout). */
export function predictLogits(arch: Arch, params: Params, ids: number[][], batchSize = 64): Float32Array {
  const net = new Encoder(arch, params);
  const out = new Float32Array(ids.length * arch.classes);
  for (let s = 0; s < ids.length; s += batchSize) out.set(net.forward(pack(ids.slice(s, s + batchSize))), s * arch.classes);
  return out;
}

export function accuracy(logits: Float32Array, labels: ArrayLike<number>, classes: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
}
