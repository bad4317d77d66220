// Measures a sentiment model file the way the app does: the registry adapter (tokenizer.json through
// @huggingface/tokenizers) feeding onnxruntime-web (WASM) via src/runtime/ort.ts, scored by the shared harness
// src/models/evaluate.ts. Also compares ORT's logits with the trainer's own TypeScript forward pass, and scores
// the AFINN lexicon baseline on exactly the same sentences.
import { evaluate, type EvalResult } from '../../src/models/evaluate';
import { createSentimentAdapter } from '../../src/models/sentiment/create-adapter';
import { createRunner } from '../../src/runtime/ort';
import { afinnBaseline, type AfinnResult, mcnemar } from './afinn';
import { paramsFromOnnx } from './onnx-export';
import type { Arch } from './params';
import { predictLogits } from './trainer';

export interface Measurement {
  result: EvalResult;
  correct: number;
  /** Per label: correct / n. */
  perLabel: { label: string; n: number; correct: number }[];
  /** ORT vs the trainer's forward pass on the same ids. */
  maxAbsLogitDiff: number;
  argmaxAgreement: number;
  afinn: AfinnResult;
  /** Paired comparison with AFINN under each tie rule: b = model right & AFINN wrong, c = the reverse. */
  vsAfinn: { rule: 'tie-positive' | 'tie-negative'; b: number; c: number; p: number }[];
  ortVersion: string;
}

export async function measureSentiment(modelBytes: Uint8Array, evalBytes: Uint8Array, tokenizer: object, arch: Arch): Promise<Measurement> {
  const adapter = createSentimentAdapter(tokenizer);
  const samples = adapter.parseEvalSet(evalBytes);
  const model = await createRunner({ backend: 'wasm', threads: 1 }).open(modelBytes);
  try {
    const result = await evaluate(adapter, model, samples);
    // Second pass for the per-sample logits (the harness reports aggregates only).
    const ort = new Float32Array(samples.length * 2);
    const predicted: string[] = [];
    for (let i = 0; i < samples.length; i += adapter.batchSize) {
      const batch = samples.slice(i, i + adapter.batchSize).map((s) => s.input);
      const preds = adapter.decode(await model.run(adapter.toFeeds(batch)), batch.length);
      preds.forEach((p, j) => {
        ort.set(p.scores!, (i + j) * 2);
        predicted.push(p.label);
      });
    }
    const reference = predictLogits(arch, paramsFromOnnx(modelBytes, arch), samples.map((s) => adapter.tokenizer.encode(s.input)));
    let maxAbsLogitDiff = 0, agree = 0;
    for (let i = 0; i < ort.length; i++) maxAbsLogitDiff = Math.max(maxAbsLogitDiff, Math.abs(ort[i] - reference[i]));
    for (let i = 0; i < samples.length; i++) if ((reference[2 * i + 1] > reference[2 * i] ? 'positive' : 'negative') === predicted[i]) agree++;
    const perLabel = ['negative', 'positive'].map((label) => {
      const idx = samples.flatMap((s, i) => (s.label === label ? [i] : []));
      return { label, n: idx.length, correct: idx.filter((i) => predicted[i] === label).length };
    });
    const correct = perLabel.reduce((s, p) => s + p.correct, 0);
    if (correct !== Math.round(result.value * result.n)) throw new Error('the two ORT passes disagree');
    const { env } = await import('onnxruntime-web');
    const afinn = afinnBaseline(samples.map((s) => ({ text: s.input, label: s.label as 'negative' | 'positive' })));
    const paired = (rule: 'tie-positive' | 'tie-negative', other: string[]) => {
      let b = 0, c = 0;
      samples.forEach((s, i) => {
        const mine = predicted[i] === s.label, theirs = other[i] === s.label;
        if (mine && !theirs) b++;
        if (!mine && theirs) c++;
      });
      return { rule, b, c, p: mcnemar(b, c) };
    };
    return {
      result, correct, perLabel, maxAbsLogitDiff, argmaxAgreement: agree / samples.length, afinn,
      vsAfinn: [paired('tie-positive', afinn.predictedTiePositive), paired('tie-negative', afinn.predictedTieNegative)],
      ortVersion: env.versions.common ?? 'unknown',
    };
  } finally {
    await model.close();
  }
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

export function formatMeasurement(m: Measurement): string {
  const r = m.result, a = m.afinn;
  return [
    `ORT-web ${m.ortVersion} (WASM, 1 thread) test accuracy: ${m.correct}/${r.n} = ${pct(r.value)} ` +
      `(95% Wilson CI ${pct(r.ci95.low)} - ${pct(r.ci95.high)}) in ${(r.ms / 1000).toFixed(2)} s`,
    `per label: ${m.perLabel.map((p) => `${p.label} ${p.correct}/${p.n}`).join(', ')}`,
    `ORT vs trainer forward pass: max |logit diff| ${m.maxAbsLogitDiff.toExponential(2)}, argmax agreement ${pct(m.argmaxAgreement)}`,
    `AFINN (sentiment ${a.version}) on the same ${a.n}: ${a.correctTiePositive}/${a.n} = ${pct(a.accuracyTiePositive)} ` +
      `(95% CI ${pct(a.ci95.low)} - ${pct(a.ci95.high)}) with ties (score 0, ${a.ties} sentences) as positive; ` +
      `${pct(a.accuracyTieNegative)} with ties as negative`,
    ...m.vsAfinn.map((v) => `model vs AFINN (${v.rule}): model right/AFINN wrong ${v.b}, reverse ${v.c}, exact McNemar p = ${v.p.toPrecision(2)}`),
  ].join('\n');
}

/** The export must reproduce the trainer (the task asks for max |diff| < 1e-4). */
export function assertFaithful(m: Measurement, maxDiff = 1e-4): void {
  if (!(m.maxAbsLogitDiff < maxDiff)) throw new Error(`ORT and the trainer differ by ${m.maxAbsLogitDiff} (> ${maxDiff}) in a logit`);
}
