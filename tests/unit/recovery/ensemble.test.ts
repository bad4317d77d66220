// Ensemble arithmetic against hand-computed values: averaged probabilities, accuracy with its Wilson interval,
// agreement with fp32, where it does not apply, and the eval harness keeping per-sample probabilities.
import { describe, expect, it } from 'vitest';
import { averageProbabilities, evaluateEnsemble, type SampleScores } from '../../../src/engine/ensemble';
import { evaluate } from '../../../src/models/evaluate';
import type { Feeds } from '../../../src/engine/tensor-data';
import type { ModelAdapter } from '../../../src/models/types';
import { ensembleSize, ensembleView, liveEnsemble } from '../../../src/ui/ensemble/view';

const LABELS = ['a', 'b', 'c'];
const truth = ['a', 'b', 'c', 'a', 'c'];
const scores = (rows: number[][], referenceLabels?: string[]): SampleScores => ({ probabilities: Float32Array.from(rows.flat()), classes: 3, labels: truth, referenceLabels });
// Member A is right on samples 1, 3, 5; B on 2, 4, 5; their average on 1, 2, 4, 5 (worked out by hand).
const A = scores([[0.6, 0.3, 0.1], [0.5, 0.4, 0.1], [0.1, 0.2, 0.7], [0.4, 0.5, 0.1], [0.1, 0.1, 0.8]], ['a', 'b', 'c', 'b', 'c']);
const B = scores([[0.3, 0.5, 0.2], [0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.7, 0.2, 0.1], [0.2, 0.1, 0.7]], ['a', 'b', 'c', 'b', 'c']);

describe('ensemble of two models', () => {
  it('averages probability vectors element by element', () => {
    expect(Array.from(averageProbabilities([[0.2, 0.8], [0.6, 0.4]]))).toEqual([0.4000000059604645, 0.6000000238418579]);
    expect(() => averageProbabilities([[1], [0.5, 0.5]])).toThrow(/different numbers of scores/);
  });

  it('scores the averaged prediction: accuracy 4/5 with its Wilson interval, agreement with fp32 3/5', () => {
    const r = evaluateEnsemble([A, B], LABELS);
    expect(r).toMatchObject({ metric: 'accuracy', n: 5, value: 0.8, agreement: 0.6, membersAgree: 0.2 });
    expect(r.ci95.low).toBeCloseTo(0.37553, 4); // Wilson 95% for 4 of 5, by hand
    expect(r.ci95.high).toBeCloseTo(0.96377, 4);
  });

  it('scores unlabelled samples (an upload) by agreement with fp32, and refuses members measured on other samples', () => {
    const unlabelled = (s: SampleScores): SampleScores => ({ ...s, labels: truth.map(() => '') });
    expect(evaluateEnsemble([unlabelled(A), unlabelled(B)], LABELS)).toMatchObject({ metric: 'agreement', value: 0.6 });
    expect(() => evaluateEnsemble([A, { ...B, labels: ['a', 'a', 'a', 'a', 'a'] }], LABELS)).toThrow(/different samples/);
  });

  it('does not apply to OCR or to outputs that are not class vectors, and waits for both measurements', () => {
    const evalOf = (samples?: SampleScores) => ({ metric: 'accuracy' as const, value: 0.6, ci95: { low: 0, high: 1 }, n: 5, ms: 1, samples });
    expect(ensembleView({ task: 'ocr', evaluations: [undefined, undefined], classLabels: [] })).toEqual({ kind: 'not-applicable', reason: 'ocr' });
    expect(ensembleView({ firstOutput: { name: 'y', elemType: 'float', dims: [1, 3, 224, 224] }, evaluations: [undefined, undefined], classLabels: [] }))
      .toEqual({ kind: 'not-applicable', reason: 'no-class-scores' });
    expect(ensembleView({ task: 'image-classification', evaluations: [evalOf(A), undefined], classLabels: LABELS })).toEqual({ kind: 'waiting' });
    const ready = ensembleView({ task: 'image-classification', evaluations: [evalOf(A), evalOf(B)], classLabels: LABELS });
    expect(ready.kind === 'ready' && ready.result.value).toBe(0.8);
  });

  it('averages the live predictions (softmax of each pane’s logits) and adds the sizes', () => {
    const live = liveEnsemble([
      { label: 'b', top: [], scores: Float32Array.from([0, Math.log(3)]) }, // softmax [0.25, 0.75]
      { label: 'a', top: [], scores: Float32Array.from([0, 0]) }, // [0.5, 0.5]
    ], ['x', 'y']);
    expect(live?.label).toBe('y');
    expect(live?.top?.map((t) => [t.label, Number(t.probability.toFixed(6))])).toEqual([['y', 0.625], ['x', 0.375]]);
    expect(ensembleSize([{ raw: 100, gzip: 60 }, { raw: 30, gzip: 20 }])).toEqual({ raw: 130, gzip: 80 });
  });

  it('has the eval harness keep softmax probabilities per sample and the fp32 labels', async () => {
    const adapter: ModelAdapter<number> = {
      metric: 'accuracy', batchSize: 1, parseEvalSet: () => [],
      toFeeds: (inputs) => ({ x: { type: 'float32', dims: [1], data: Float32Array.from(inputs) } }),
      decode: (outputs) => {
        const s = outputs.y.data as Float32Array;
        return [{ label: s[0] > s[1] ? 'a' : 'b', scores: s }];
      },
    };
    const logits = (x: number) => (x === 1 ? [Math.log(4), 0] : [0, 0]);
    const model = (f: (x: number) => number[]) => ({
      inputNames: ['x'], outputNames: ['y'], close: async () => {},
      run: async (feeds: Feeds) => ({ y: { type: 'float32' as const, dims: [1, 2], data: Float32Array.from(f(Number(feeds.x.data[0]))) } }),
    });
    const result = await evaluate(adapter, model(logits), [{ input: 1, label: 'a' }, { input: 2, label: 'b' }], { keepSamples: true, reference: model(() => [0, 1]) });
    expect(Array.from(result.samples!.probabilities)).toEqual([0.800000011920929, 0.20000000298023224, 0.5, 0.5]);
    expect(result.samples).toMatchObject({ classes: 2, labels: ['a', 'b'], referenceLabels: ['b', 'b'] });
  });
});
