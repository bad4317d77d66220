// Held-out evaluation through onnxruntime-web (WASM EP under Node), i.e. the
// same runtime the browser app uses, cross-checked against the TS forward pass.
import * as ort from 'onnxruntime-web';
import type { DigitEvalSet } from '../../src/models/digits/eval-set';
import { argmaxRows } from './trainer';

export interface EvalReport {
  n: number;
  correct: number;
  accuracy: number;
  /** 95% Wilson score interval for the accuracy. */
  ci95: [number, number];
  perClass: { label: number; n: number; correct: number }[];
  /** Share of samples where ORT and the reference forward pass pick the same class. */
  agreement: number;
  maxAbsLogitDiff: number;
  ortSeconds: number;
  ortVersion: string;
}

export function wilsonInterval(k: number, n: number, z = 1.959964): [number, number] {
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export async function ortLogits(modelBytes: Uint8Array, set: DigitEvalSet, batchSize = 250): Promise<Float32Array> {
  ort.env.wasm.numThreads = 1; // deterministic and matches the 1-core budget
  const session = await ort.InferenceSession.create(modelBytes);
  const out = new Float32Array(set.n * 10);
  try {
    for (let start = 0; start < set.n; start += batchSize) {
      const batch = Math.min(batchSize, set.n - start);
      const x = new Float32Array(batch * 784);
      for (let i = 0; i < x.length; i++) x[i] = set.pixels[start * 784 + i] / 255;
      const result = await session.run({ input: new ort.Tensor('float32', x, [batch, 1, 28, 28]) });
      const logits = result.logits;
      if (!logits || logits.dims.join(',') !== `${batch},10`) throw new Error(`unexpected logits shape ${logits?.dims}`);
      out.set(logits.data as Float32Array, start * 10);
    }
  } finally {
    await session.release();
  }
  return out;
}

/** Accuracy from ORT plus agreement with `referenceLogits` (same sample order). */
export async function evaluateWithOrt(modelBytes: Uint8Array, set: DigitEvalSet, referenceLogits: Float32Array): Promise<EvalReport> {
  const t0 = performance.now();
  const logits = await ortLogits(modelBytes, set);
  const ortSeconds = (performance.now() - t0) / 1000;
  const pred = argmaxRows(logits, set.n);
  const ref = argmaxRows(referenceLogits, set.n);
  const perClass = Array.from({ length: 10 }, (_, label) => ({ label, n: 0, correct: 0 }));
  let correct = 0;
  let same = 0;
  let maxAbsLogitDiff = 0;
  for (let i = 0; i < set.n; i++) {
    const c = perClass[set.labels[i]];
    c.n++;
    if (pred[i] === set.labels[i]) { correct++; c.correct++; }
    if (pred[i] === ref[i]) same++;
  }
  for (let i = 0; i < logits.length; i++) maxAbsLogitDiff = Math.max(maxAbsLogitDiff, Math.abs(logits[i] - referenceLogits[i]));
  return {
    n: set.n, correct, accuracy: correct / set.n, ci95: wilsonInterval(correct, set.n), perClass,
    agreement: same / set.n, maxAbsLogitDiff, ortSeconds, ortVersion: ort.env.versions.common ?? 'unknown',
  };
}

export function formatReport(r: EvalReport): string {
  const pct = (x: number) => (100 * x).toFixed(2) + '%';
  return [
    `ORT (onnxruntime-web ${r.ortVersion}, WASM, 1 thread) held-out accuracy: ${r.correct}/${r.n} = ${pct(r.accuracy)}` +
      ` (95% Wilson CI ${pct(r.ci95[0])} - ${pct(r.ci95[1])}) in ${r.ortSeconds.toFixed(2)} s`,
    `per class: ${r.perClass.map((c) => `${c.label}:${c.correct}/${c.n}`).join(' ')}`,
    `ORT vs TS forward pass: argmax agreement ${pct(r.agreement)}, max |logit diff| ${r.maxAbsLogitDiff.toExponential(2)}`,
  ].join('\n');
}

/** The spec requires ORT and the trainer's own forward pass to agree on >= 99.9%. */
export function assertAgreement(r: EvalReport, min = 0.999): void {
  if (r.agreement < min) throw new Error(`ORT/TS agreement ${r.agreement} below required ${min}`);
}
