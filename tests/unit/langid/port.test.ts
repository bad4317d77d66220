// The committed ONNX port against the original npm `lande`, on every eval paragraph, in ORT-web WASM.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softmax } from '../../../src/engine/classify';
import { decodeModel, readFloat32 } from '../../../src/engine/onnx';
import type { OpenModel } from '../../../src/engine/tensor-data';
import { evaluate } from '../../../src/models/evaluate';
import { langidAdapter } from '../../../src/models/langid/adapter';
import { langidEntry } from '../../../src/models/langid/entry';
import { langIdFeatures } from '../../../src/models/langid/features';
import { LANGID_LABELS } from '../../../src/models/langid/labels';
import { createRunner } from '../../../src/runtime/ort';
import { lande } from './lande-reference';

const modelBytes = new Uint8Array(readFileSync('models/langid/model.onnx'));
const samples = langidAdapter.parseEvalSet(new Uint8Array(readFileSync('models/langid/eval.json')));
const card = readFileSync('models/langid/MODEL_CARD.md', 'utf8');
const texts = samples.map((s) => s.input);
const reference = texts.map((t) => lande(t));
const labelIndex = (code: string) => LANGID_LABELS.indexOf(code as (typeof LANGID_LABELS)[number]);

let model: OpenModel;
let logits: Float32Array[];

beforeAll(async () => {
  model = await createRunner({ backend: 'wasm', threads: 1 }).open(modelBytes);
  const out = await model.run(langidAdapter.toFeeds(texts));
  const data = out.logits.data as Float32Array;
  logits = texts.map((_, i) => data.subarray(i * 50, (i + 1) * 50));
});
afterAll(() => model?.close());

describe('lande -> ONNX port', () => {
  it('has the agreed interface: features [N,620] -> logits [N,50], opset 17', () => {
    const m = decodeModel(modelBytes);
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport.map((o) => o.version)).toEqual([17]);
    expect(m.producerName).toBe('modellab-convert-lande');
    expect(m.graph!.node.map((n) => n.opType)).toEqual(['Gemm', 'Relu', 'Gemm']);
    expect(model.inputNames).toEqual(['features']);
    expect(model.outputNames).toEqual(['logits']);
    expect(samples.length).toBeGreaterThanOrEqual(1000);
  });

  it('gives the same top-1 language as lande on every eval paragraph, probabilities within 5e-4', () => {
    // 5e-4, not 1e-6: ORT sums in float32, lande in double, and the logits reach |z| ~ 1000 (float32 step
    // 6e-5..1.2e-4 there). The next test shows the weights themselves are exact.
    let worst = 0;
    texts.forEach((text, i) => {
      const p = softmax(logits[i]);
      const top = LANGID_LABELS[p.indexOf(Math.max(...p))];
      if (top !== reference[i][0][0]) expect.fail(`sample ${i}: ONNX says ${top}, lande ${reference[i][0][0]} for ${JSON.stringify(text.slice(0, 60))}`);
      for (const [code, prob] of reference[i]) worst = Math.max(worst, Math.abs(prob - p[labelIndex(code)]));
    });
    expect(worst).toBeLessThan(5e-4);
  });

  it("holds lande's exact weights: summed in double like lande, they give its probabilities within 1e-6", () => {
    const init = Object.fromEntries(decodeModel(modelBytes).graph!.initializer.map((t) => [t.name, readFloat32(t)]));
    const dense = (x: Float32Array, w: Float32Array, b: Float32Array, relu: boolean) => {
      const out = new Float32Array(b.length), n = x.length;
      for (let o = 0; o < b.length; o++) {
        let a = 0;
        for (let d = 0; d < n; d++) a += x[d] * w[o * n + d];
        a += b[o];
        out[o] = relu && a <= 0 ? 0 : a;
      }
      return out;
    };
    let worst = 0;
    texts.forEach((text, i) => {
      const h = dense(langIdFeatures(text), init['dense1.weight'], init['dense1.bias'], true);
      const z = dense(h, init['dense2.weight'], init['dense2.bias'], false);
      const mx = Math.max(...z);
      const e = Array.from(z, (v) => Math.exp(v - mx));
      const sum = e.reduce((a, b) => a + b, 0);
      for (const [code, prob] of reference[i]) worst = Math.max(worst, Math.abs(prob - e[labelIndex(code)] / sum));
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it("reproduces its model card's accuracy and interval (and lande's) exactly on the eval set", async () => {
    const result = await evaluate(langidAdapter, model, samples);
    const landeAcc = samples.filter((s, i) => reference[i][0][0] === s.label).length / samples.length;
    const stated = /Top-1 accuracy \(ONNX[^|]*\|\s*\*\*([0-9.]+)%\*\* \(95% Wilson interval ([0-9.]+)% – ([0-9.]+)%\)/.exec(card);
    expect(stated, 'the card states "Top-1 accuracy (ONNX ...) | **NN.NN%** (95% Wilson interval lo% – hi%)"').not.toBeNull();
    const pct = (x: number) => (100 * x).toFixed(2);
    expect(result.n).toBe(samples.length);
    expect(card).toContain(`| Eval samples (n) | ${samples.length} paragraphs`);
    expect([pct(result.value), pct(result.ci95.low), pct(result.ci95.high)]).toEqual(stated!.slice(1));
    expect(result.value).toBe(landeAcc);
  });

  it('registers as langid-50 and names the language of every demo sentence as lande does', async () => {
    expect(langidEntry.id).toBe('langid-50');
    expect(langidEntry.labels).toEqual([...LANGID_LABELS]);
    expect(typeof langidEntry.modelUrl).toBe('string');
    const adapter = await langidEntry.loadAdapter();
    const demos = langidEntry.demoInputs!;
    const got = adapter.decode(await model.run(adapter.toFeeds(demos)), demos.length).map((p) => p.label);
    expect(got).toEqual(['cmn', 'eng', 'spa', 'deu', 'jpn', 'fra', 'rus', 'kor', 'nld']);
    expect(got).toEqual(demos.map((t) => lande(t)[0][0]));
  });
});
