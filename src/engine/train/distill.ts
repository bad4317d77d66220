// The training loop of recovery fine-tuning and distillation: the student (a compressed or smaller model) learns
// to match the teacher's softened outputs (plus labels where the data has them) with AdamW, warm-up + cosine
// learning rate, fixed-seed batch order. Pruned weights stay zero (masks), quantized weights train through
// simulated quantization. Deterministic for a step budget: same model, data and options give the same bytes.
import type { ModelProto } from '../onnx';
import { mulberry32 } from '../random';
import { AdamW } from './adam';
import type { TrainingProgress, TrainingSet, TrainingSummary } from './data';
import type { FakeQuant } from './fake-quant';
import { GraphProgram } from './graph/program';
import { distillationLoss } from './kernels/loss';
import type { Vec } from './kernels/vec';
import { learningRate } from './schedule';
import { batchSampler } from './batches';
import { engineFeeds, teacherOutputs } from './teacher';

export interface DistillConfig {
  /** Optimiser steps (the budget when `seconds` is not set; the most there can be when it is). */
  steps: number;
  /** Time budget: stop after this many seconds (not byte-deterministic: it depends on the machine's speed). */
  seconds?: number;
  batchSize: number;
  learningRate: number;
  temperature: number;
  labelledWeight: number;
  weightDecay: number;
  seed: number;
}

export interface DistillJob {
  /** Trained in place: its float initializers get the new values. */
  student: ModelProto;
  teacher: ModelProto;
  /** Identifies the teacher (e.g. its bytes): its outputs on this training set are then computed once per session. */
  teacherKey?: object;
  data: TrainingSet;
  config: DistillConfig;
  /** Freeze the weights that are exactly zero now (after unstructured pruning). */
  keepZeros: boolean;
  /** Initializers to leave exactly as they are (read by layers a mixed recipe excludes). */
  frozen?: ReadonlySet<string>;
  /** Per initializer name: the quantize-dequantize the forward pass sees (quantization-aware training). */
  fakeQuant?: Map<string, FakeQuant>;
  onProgress?: (p: TrainingProgress) => void;
  checkCancelled?: () => void;
  /** Clock for the time budget and the report (injected by tests). */
  now?: () => number;
}

/** Thrown for a diverging run: the message is for the user (it suggests the fix). */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}

const CURVE_POINTS = 200;
const PROGRESS_MS = 150;

/** Is a weight decayed? Matrices and kernels yes; biases, norms and other vectors no. */
const decayedByShape = (dims: Record<string, number[]>) => (name: string) => (dims[name]?.length ?? 0) >= 2;

export interface DistillResult {
  /** Undefined when every weight it could train was frozen (nothing trained). */
  summary: TrainingSummary | undefined;
  /** The initializers it trained. */
  trained: string[];
  /** Of those, the ones held through simulated quantization. */
  fakeQuantized: string[];
}

export function distill(job: DistillJob): DistillResult {
  const { data, config: cfg } = job;
  const now = job.now ?? (() => performance.now());
  if (data.count === 0) throw new Error('The training set is empty.');
  const teacherLogits = teacherOutputs(job);
  const classes = teacherLogits.length / data.count;
  const program = new GraphProgram(job.student, { frozen: job.frozen });
  const output = program.outputNames[0];
  const names = Object.keys(program.params);
  if (!names.length && !job.frozen?.size) throw new Error('Recovery found no float weights to train in this model.');
  if (!names.length) return { summary: undefined, trained: [], fakeQuantized: [] };

  // Quantization-aware: the program's tensors hold the fake-quantized weights, `master` the float ones it trains.
  const fq = new Map([...(job.fakeQuant ?? [])].filter(([name]) => name in program.params));
  const master: Record<string, Vec> = { ...program.params };
  for (const name of fq.keys()) master[name] = Float32Array.from(program.params[name]);
  const masks: Record<string, Uint8Array> = {};
  let frozenZeros = 0, trainedValues = 0;
  for (const name of names) {
    trainedValues += master[name].length;
    if (!job.keepZeros || program.paramDims[name].length < 2) continue;
    const mask = Uint8Array.from(master[name], (v) => (v === 0 ? 0 : 1));
    const zeros = mask.length - mask.reduce((a, b) => a + b, 0);
    if (zeros) { masks[name] = mask; frozenZeros += zeros; }
  }
  const adam = new AdamW(master, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: cfg.weightDecay }, decayedByShape(program.paramDims), masks);

  const nextBatch = batchSampler(data, Math.min(cfg.batchSize, data.count), mulberry32(cfg.seed));

  const t0 = now();
  let total = cfg.steps;
  const warmup = () => Math.max(1, Math.min(50, Math.round(total * 0.05)));
  const curve: [number, number][] = [];
  const agreement: number[] = [];
  let pendingLoss = 0, pendingSteps = 0, lastReport = t0, firstLoss = NaN, lastLoss = NaN;
  let step = 0;
  let stoppedBy: 'steps' | 'time' = 'steps';
  const losses: number[] = [];
  for (; step < total; step++) {
    job.checkCancelled?.();
    if (cfg.seconds !== undefined) {
      const elapsed = (now() - t0) / 1000;
      if (step === 10) total = Math.max(11, Math.min(cfg.steps, Math.round((cfg.seconds * step) / Math.max(elapsed, 1e-3))));
      if (elapsed >= cfg.seconds) { stoppedBy = 'time'; break; }
    }
    for (const [name, f] of fq) program.params[name].set(f(master[name] as Float32Array));
    const batch = nextBatch();
    const logits = program.forward(engineFeeds(data.feeds(batch)), true)[output].data;
    const teacher = new Float32Array(batch.length * classes);
    const labels = new Int32Array(batch.length);
    batch.forEach((s, j) => { teacher.set(teacherLogits.subarray(s * classes, (s + 1) * classes), j * classes); labels[j] = data.labels[s]; });
    const dlogits = new Float32Array(logits.length);
    const r = distillationLoss(logits, teacher, labels, batch.length, classes, cfg.temperature, cfg.labelledWeight, dlogits);
    const lr = learningRate({ lrMax: cfg.learningRate, lrMin: cfg.learningRate / 100, warmupSteps: warmup() }, step, total);
    if (!Number.isFinite(r.loss) || !dlogits.every(Number.isFinite)) {
      throw new TrainingDivergedError(`Training stopped at step ${step + 1} of ${total}: the loss became ${Number.isNaN(r.loss) ? 'NaN (not a number)' : 'infinite'}, so the weights were about to be destroyed. Lower the learning rate (now ${cfg.learningRate}) and apply again; the previous model is kept.`);
    }
    program.zeroGrads();
    program.backward({ [output]: dlogits });
    adam.step(program.grads, lr);
    if (step === 0) firstLoss = r.loss;
    lastLoss = r.loss;
    losses.push(r.loss);
    agreement.push(r.agree / batch.length);
    pendingLoss += r.loss;
    pendingSteps++;
    const t = now();
    if (t - lastReport >= PROGRESS_MS || step === total - 1) {
      job.onProgress?.({ step: step + 1, steps: total, loss: pendingLoss / pendingSteps, seconds: (t - t0) / 1000 });
      pendingLoss = 0;
      pendingSteps = 0;
      lastReport = t;
    }
  }
  // A time budget ends training either at its deadline or at the step count estimated from the first 10 steps'
  // pace: both depend on this machine's speed, so both are the time budget's doing (and not byte-reproducible).
  if (cfg.seconds !== undefined && total < cfg.steps) stoppedBy = 'time';
  for (const name of fq.keys()) program.params[name].set(master[name]);
  program.writeBack(job.student);
  const edge = Math.max(1, Math.round(agreement.length * 0.05));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const every = Math.max(1, Math.ceil(losses.length / CURVE_POINTS));
  for (let i = 0; i < losses.length; i += every) curve.push([Math.min(losses.length, i + every), mean(losses.slice(i, i + every))]);
  const summary: TrainingSummary = {
    steps: step, batchSize: Math.min(cfg.batchSize, data.count), learningRate: cfg.learningRate, samples: step * Math.min(cfg.batchSize, data.count),
    seconds: (now() - t0) / 1000, stoppedBy, curve, lossStart: firstLoss, lossEnd: lastLoss,
    agreementStart: mean(agreement.slice(0, edge)), agreementEnd: mean(agreement.slice(-edge)),
    trainedTensors: names.length, trainedValues, frozenZeros, fakeQuantized: fq.size,
  };
  return { summary, trained: names, fakeQuantized: [...fq.keys()] };
}
