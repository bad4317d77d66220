// Recovery fine-tuning on the committed language-ID model: it raises the measured accuracy after each kind of
// compression while keeping what the compression did (shapes, zeros, quantized operators and size), gives the
// same bytes on every run, and explains itself when it cannot train.
import { describe, expect, it } from 'vitest';
import { DataType, decodeModel, readFloat32, tensorShape, type ModelProto } from '../../../src/engine/onnx';
import { applyRecipe, type Recipe } from '../../../src/engine/pipeline';
import type { TrainingSet } from '../../../src/engine/train/data';
import { accuracy, langidBytes, langidTraining, run } from './langid-fixture';

const RECOVER = { transform: 'recover' as const, options: { steps: 100 } };
const shapes = (m: ModelProto) => Object.fromEntries(m.graph!.initializer.map((t) => [t.name, tensorShape(t).join('x')]));
const ops = (m: ModelProto) => m.graph!.node.map((n) => `${n.domain}:${n.opType}`).sort();
const floatWeights = (m: ModelProto) => Object.fromEntries(m.graph!.initializer.filter((t) => t.dataType === DataType.FLOAT && t.dims.length === 2).map((t) => [t.name, readFloat32(t)]));

async function beforeAndAfter(compression: Recipe) {
  const before = await run(compression);
  const after = await run([...compression, RECOVER]);
  return { before, after, m0: decodeModel(before.bytes), m1: decodeModel(after.bytes) };
}

describe('recovery fine-tuning (language ID, 100 steps)', () => {
  it('structured 50%: keeps the removed neurons removed and wins back accuracy', async () => {
    const { before, after, m0, m1 } = await beforeAndAfter([{ transform: 'prune-structured', options: { rate: 50 } }]);
    expect(shapes(m1)).toEqual(shapes(m0));
    expect(shapes(m1)['dense1.weight']).toBe('60x620');
    const [a0, a1] = [await accuracy(before.bytes), await accuracy(after.bytes)];
    expect(a0).toBeLessThan(0.6);
    expect(a1).toBeGreaterThan(0.9);
    const report = after.steps[1];
    expect(report.training?.steps).toBe(100);
    expect(report.training!.agreementEnd).toBeGreaterThan(report.training!.agreementStart);
    expect(report.layers.map((l) => l.node).sort()).toEqual(['dense1', 'dense2']);
  });

  it('unstructured 50%: every pruned weight stays exactly zero, the others are trained', async () => {
    const { before, after, m0, m1 } = await beforeAndAfter([{ transform: 'prune-unstructured', options: { rate: 50 } }]);
    const w0 = floatWeights(m0), w1 = floatWeights(m1);
    for (const name of Object.keys(w0)) {
      const zeros0 = w0[name].reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
      expect(zeros0 / w0[name].length, name).toBeGreaterThan(0.45);
      expect(w1[name].every((v, i) => (v === 0) === (w0[name][i] === 0)), `${name}: same zeros`).toBe(true);
      expect(w1[name].some((v, i) => v !== w0[name][i]), `${name}: trained`).toBe(true);
    }
    expect(after.steps[1].training!.frozenZeros).toBeGreaterThan(30_000);
    expect(await accuracy(after.bytes)).toBeGreaterThan((await accuracy(before.bytes)) + 0.3);
  });

  it('int4 (block 128, symmetric): trains through simulated int4 and quantizes again: same operators, same size', async () => {
    const { before, after, m0, m1 } = await beforeAndAfter([{ transform: 'int4', options: { blockSize: 128, mode: 'symmetric' } }]);
    expect(ops(m1)).toEqual(ops(m0));
    expect(ops(m1).filter((o) => o === 'com.microsoft:MatMulNBits')).toHaveLength(2);
    expect(after.bytes.length).toBe(before.bytes.length);
    expect(shapes(m1)).toEqual(shapes(m0));
    expect(after.steps[1].training!.fakeQuantized).toBe(2);
    // The report gives the trained layers' stored (int4) size, not their float size.
    const stored = after.steps[1].layers.reduce((n, l) => n + l.bytesAfter, 0);
    expect(stored).toBeGreaterThan(40_000);
    expect(stored).toBeLessThan(50_000);
    expect(after.steps[1].warnings.some((w) => /Quantization-aware/.test(w.en))).toBe(true);
    expect(await accuracy(after.bytes)).toBeGreaterThan((await accuracy(before.bytes)) + 0.3);
  });

  it('prune, then int8 dynamic: recovery keeps the pruned shapes and the int8 operators and size', async () => {
    const compression: Recipe = [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'int8-dynamic' }];
    const { before, after, m0, m1 } = await beforeAndAfter(compression);
    expect(ops(m1)).toEqual(ops(m0));
    expect(ops(m1)).toContain(':MatMulInteger');
    expect(after.bytes.length).toBe(before.bytes.length);
    expect(shapes(m1)).toEqual(shapes(m0));
    expect(await accuracy(after.bytes)).toBeGreaterThan(0.9);
  });

  it('is deterministic: the same model and recipe give the same bytes', async () => {
    const recipe: Recipe = [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'recover', options: { steps: 50 } }];
    const [a, b] = [await run(recipe), await run(recipe)];
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const other = await run([recipe[0], { transform: 'recover', options: { steps: 50, temperature: 4 } }]);
    expect(Buffer.from(other.bytes).equals(Buffer.from(a.bytes)), 'an option change changes the bytes').toBe(false);
  });
});

describe('recovery fine-tuning: bad situations', () => {
  it('without training data (an upload, PP-OCR) it says why and names the training-free methods', async () => {
    await expect(applyRecipe(langidBytes, [{ transform: 'prune-structured', options: { rate: 50 } }, RECOVER])).rejects.toThrow(
      /Recover needs the model's training data.*training-free recovery techniques \(refit, bias correction, BatchNorm re-estimation\)/,
    );
  });

  it('stops on a NaN loss with a message that suggests a lower learning rate', async () => {
    const poisoned: TrainingSet = {
      ...langidTraining,
      count: 64,
      feeds: (idx) => {
        const f = langidTraining.feeds(idx);
        (f.features.data as Float32Array)[3] = NaN;
        return f;
      },
    };
    await expect(run([{ transform: 'prune-structured', options: { rate: 50 } }, RECOVER], { training: poisoned })).rejects.toThrow(
      /Training stopped at step 1 of 100: the loss became NaN.*Lower the learning rate \(now 0\.01\)/,
    );
  });

  it('stops when cancelled', async () => {
    let calls = 0;
    const checkCancelled = () => { if (++calls > 20) throw new Error('Cancelled.'); };
    await expect(run([{ transform: 'prune-structured', options: { rate: 50 } }, RECOVER], { checkCancelled })).rejects.toThrow('Cancelled.');
  });

  it('after no compression at all it warns that the teacher is the model itself', async () => {
    const r = await run([{ transform: 'recover', options: { steps: 50 } }]);
    expect(r.steps[0].warnings[0].en).toMatch(/no compression step before it/);
    expect(r.steps[0].warnings.some((w) => /no labels.*"labelled weight" had no effect/.test(w.en))).toBe(true);
  });
});
