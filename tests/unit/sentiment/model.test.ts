// The committed sentiment model, run with ORT-web (WASM) through the app's adapter and evaluation harness.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataType, decodeModel, initializerMap } from '../../../src/engine/onnx';
import { evaluate } from '../../../src/models/evaluate';
import { sentimentAdapter } from '../../../src/models/sentiment/adapter';
import { sentimentEntry } from '../../../src/models/sentiment/entry';
import { createRunner } from '../../../src/runtime/ort';

const modelBytes = new Uint8Array(readFileSync('models/sentiment/model.onnx'));
const evalBytes = new Uint8Array(readFileSync('models/sentiment/eval.json'));
const samples = sentimentAdapter.parseEvalSet(evalBytes);
const card = readFileSync('models/sentiment/MODEL_CARD.md', 'utf8');

describe('committed sentiment model', () => {
  it('is a standard opset-17 graph whose projections are MatMuls with constant 2-D weights', () => {
    const model = decodeModel(modelBytes);
    expect(model).toMatchObject({ irVersion: 8, producerName: 'modellab-train-sentiment' });
    expect(model.opsetImport).toEqual([expect.objectContaining({ domain: '', version: 17 })]);
    const g = model.graph!;
    expect(g.input.map((i) => [i.name, i.type?.tensorType?.elemType, i.type?.tensorType?.shape?.dim.map((d) => d.dimParam)])).toEqual([
      ['input_ids', DataType.INT64, ['N', 'L']], ['attention_mask', DataType.INT64, ['N', 'L']],
    ]);
    expect(g.output.map((o) => o.name)).toEqual(['logits']);
    const inits = initializerMap(g);
    const weighted = g.node.filter((n) => n.opType === 'MatMul' && inits.get(n.input[1])?.dims.length === 2);
    expect(weighted.length).toBe(2 * 6 + 1); // per layer q, k, v, o, up, down; plus the head
    expect(new Set(g.node.map((n) => n.domain))).toEqual(new Set(['']));
  });

  it('has a held-out eval set of about 600 balanced sentences, under 2 MB', () => {
    expect(evalBytes.length).toBeLessThan(2 * 1024 * 1024);
    expect(samples.length).toBeGreaterThanOrEqual(590);
    const pos = samples.filter((s) => s.label === 'positive').length;
    expect(Math.abs(pos - samples.length / 2)).toBeLessThan(5);
  });

  it("reproduces its model card's accuracy and interval exactly on the eval set", async () => {
    const model = await createRunner({ backend: 'wasm', threads: 1 }).open(modelBytes);
    try {
      const result = await evaluate(sentimentAdapter, model, samples);
      const stated = /\*\*Accuracy (\d+)\/(\d+) = ([0-9.]+)%\*\*, 95% Wilson interval ([0-9.]+)% – ([0-9.]+)%/.exec(card);
      expect(stated, 'the card states **Accuracy k/n = NN.NN%**, 95% Wilson interval lo% – hi%').not.toBeNull();
      const [, k, n, value, low, high] = stated!;
      const pct = (x: number) => (100 * x).toFixed(2);
      expect(result.n).toBe(Number(n));
      expect(Math.round(result.value * result.n)).toBe(Number(k));
      expect([pct(result.value), pct(result.ci95.low), pct(result.ci95.high)]).toEqual([value, low, high]);
    } finally {
      await model.close();
    }
  });

  it('ignores padding: a sentence alone and padded in a batch get the same logits', async () => {
    const model = await createRunner({ backend: 'wasm', threads: 1 }).open(modelBytes);
    try {
      const short = 'Great food.';
      const long = 'The waiter forgot our order twice, the soup was cold and the bill was wrong, yet the dessert was lovely.';
      const alone = (await model.run(sentimentAdapter.toFeeds([short]))).logits.data as Float32Array;
      const batch = sentimentAdapter.toFeeds([short, long]);
      expect(batch.input_ids.dims[1]).toBeGreaterThan(10);
      const padded = (await model.run(batch)).logits.data as Float32Array;
      expect(Math.abs(padded[0] - alone[0])).toBeLessThan(1e-4);
      expect(Math.abs(padded[1] - alone[1])).toBeLessThan(1e-4);
    } finally {
      await model.close();
    }
  });

  it('gets the six demo sentences right (what a visitor tries first)', async () => {
    const model = await createRunner({ backend: 'wasm', threads: 1 }).open(modelBytes);
    try {
      const demo = sentimentEntry.demoInputs!;
      const preds = sentimentAdapter.decode(await model.run(sentimentAdapter.toFeeds(demo)), demo.length);
      expect(preds.map((p) => p.label)).toEqual(['positive', 'negative', 'positive', 'negative', 'positive', 'negative']);
    } finally {
      await model.close();
    }
  });
});
