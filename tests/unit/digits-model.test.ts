import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRecipe } from '../../src/engine/pipeline';
import type { OpenModel } from '../../src/engine/tensor-data';
import { createRunner } from '../../src/runtime/ort';
import { digitsAdapter } from '../../src/models/digits/adapter';
import { evaluate } from '../../src/models/evaluate';

const modelBytes = new Uint8Array(readFileSync('models/digits/model.onnx'));
const samples = digitsAdapter.parseEvalSet(new Uint8Array(readFileSync('models/digits/eval.bin')));
const card = readFileSync('models/digits/MODEL_CARD.md', 'utf8');
const pct = (x: number) => (100 * x).toFixed(2);

let model: OpenModel;
beforeAll(async () => {
  model = await createRunner({ backend: 'wasm', threads: 1 }).open(modelBytes);
});
afterAll(() => model?.close());

describe('committed digits model', () => {
  it('has a held-out eval set of at least 2,000 digits', () => {
    expect(samples.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(samples.map((s) => s.label)).size).toBe(10);
  });

  it("reproduces its model card's accuracy and interval exactly on the eval set (ORT-web WASM)", async () => {
    const result = await evaluate(digitsAdapter, model, samples);
    // The card's "Evaluation (measured)" section: "**1968/2000 = 98.40%**, 95% Wilson confidence interval **97.75% - 98.86%**".
    const stated = /\*\*(\d+)\/(\d+) = ([0-9.]+)%\*\*, 95% Wilson\s+confidence interval \*\*([0-9.]+)% - ([0-9.]+)%\*\*/.exec(card.slice(card.indexOf('## Evaluation')));
    expect(stated, 'the card states "**k/n = NN.NN%**, 95% Wilson confidence interval **lo% - hi%**"').not.toBeNull();
    const [, k, n, value, low, high] = stated!;
    expect(result.n).toBe(Number(n));
    expect(Math.round(result.value * result.n)).toBe(Number(k));
    expect([pct(result.value), pct(result.ci95.low), pct(result.ci95.high)]).toEqual([value, low, high]);
    expect(result.value).toBeGreaterThanOrEqual(0.98);
  });

  it('reports the agreement of a compressed variant with fp32 as counted from both models’ own predictions', async () => {
    const int4 = await applyRecipe(modelBytes, [{ transform: 'int4' }]);
    const variant = await createRunner({ backend: 'wasm', threads: 1 }).open(int4.bytes);
    try {
      const some = samples;
      const result = await evaluate(digitsAdapter, variant, some, { reference: model });
      const feeds = digitsAdapter.toFeeds(some.map((s) => s.input));
      const [ref, got] = [digitsAdapter.decode(await model.run(feeds), some.length), digitsAdapter.decode(await variant.run(feeds), some.length)];
      const same = ref.filter((p, i) => p.label === got[i].label).length;
      expect(same).toBeLessThan(some.length); // int4 changes a few of the 2,000 answers: agreement 1 would be wrong
      expect(result.agreement!.top1Match).toBe(same / some.length);
      expect(result.agreement!.meanAbsDelta).toBeGreaterThan(0);
    } finally {
      await variant.close();
    }
  });
});
