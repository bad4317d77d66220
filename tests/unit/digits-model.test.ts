import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../../src/runtime/ort';
import { digitsAdapter } from '../../src/models/digits/adapter';
import { evaluate } from '../../src/models/evaluate';

const modelBytes = new Uint8Array(readFileSync('models/digits/model.onnx'));
const samples = digitsAdapter.parseEvalSet(new Uint8Array(readFileSync('models/digits/eval.bin')));
const card = readFileSync('models/digits/MODEL_CARD.md', 'utf8');

describe('committed digits model', () => {
  it('has a held-out eval set of at least 2,000 digits', () => {
    expect(samples.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(samples.map((s) => s.label)).size).toBe(10);
  });

  it("reproduces its model card's accuracy on the eval set (ORT-web WASM), >= 98%", async () => {
    const model = await createRunner({ backend: 'wasm', threads: 1 }).open(modelBytes);
    const result = await evaluate(digitsAdapter, model, samples, { reference: model });
    await model.close();
    expect(result.n).toBe(samples.length);
    expect(result.value).toBeGreaterThanOrEqual(0.98);
    expect(result.ci95.low).toBeLessThan(result.value);
    expect(result.agreement).toMatchObject({ top1Match: 1, meanAbsDelta: 0 });
    // The card's "Evaluation (measured)" section: "**1968/2000 = 98.40%**".
    const stated = Number(/(\d+)\/(\d+) = ([0-9]+\.[0-9]+)%/.exec(card.slice(card.indexOf('## Evaluation')))?.[3]);
    expect(stated, 'the card states the held-out accuracy as k/n = NN.NN%').toBeGreaterThan(0);
    expect(result.value * 100).toBeCloseTo(stated, 1);
  });
});
