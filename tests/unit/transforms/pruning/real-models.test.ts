// Every technique on real models: every .onnx under models/ (found at test time) and the PP-OCRv4 recognizer.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../../../src/engine/onnx';
import { applyOne } from '../helpers/prune-apply';
import { ppocrRec, readModel, repoModels } from '../helpers/prune-models';
import { constantTensors, countZeros, maxAbsDiff, ortSignature, runOrt, seededFeeds, weightNames, type RunResult, type Signature } from '../helpers/prune-ort';

const models = [...repoModels(), ...ppocrRec()];

describe.skipIf(models.length === 0)('pruning on real models', () => {
  for (const m of models) {
    describe(m.name, () => {
      let bytes: Uint8Array;
      let signature: Signature;
      let feeds: ReturnType<typeof seededFeeds>;
      let reference: RunResult;

      beforeAll(async () => {
        bytes = readModel(m);
        signature = await ortSignature(bytes);
        feeds = seededFeeds(bytes, 11, m.dims);
        reference = await runOrt(bytes, feeds);
      }, 30_000);

      async function check(out: Uint8Array): Promise<RunResult> {
        expect(await ortSignature(out)).toEqual(signature);
        const run = await runOrt(out, feeds);
        expect(run.dims).toEqual(reference.dims);
        return run;
      }

      it('unstructured 50% per layer: exactly round(0.5·n) zeros in every weight tensor; loads and runs', async () => {
        const before = constantTensors(decodeModel(bytes));
        const { bytes: out, model, result } = await applyOne(bytes, 'prune-unstructured', { rate: 50 });
        const after = constantTensors(model);
        const names = weightNames(decodeModel(bytes));
        expect(names.length).toBeGreaterThan(0);
        for (const w of names) {
          const n = before.get(w)!.values.length;
          expect(countZeros(after.get(w)!.values), w).toBe(Math.max(Math.round(0.5 * n), countZeros(before.get(w)!.values)));
        }
        expect(result.after.gzip).toBeLessThan(result.before.gzip);
        await check(out);
      }, 30_000);

      it('mean-abs rule: the reported sparsity is the counted one', async () => {
        const { model, step } = await applyOne(bytes, 'prune-unstructured', { method: 'mean-abs' });
        const after = constantTensors(model);
        const names = new Set(weightNames(decodeModel(bytes)));
        const counted = [...names].map((w) => countZeros(after.get(w)!.values) / after.get(w)!.values.length).sort();
        const reported = step.layers.filter((l) => l.sparsity !== undefined).map((l) => l.sparsity!).sort();
        expect(reported).toEqual(counted.map((c) => expect.closeTo(c, 12)));
        expect(step.warnings[1].en).toMatch(/it zeroed \d+\.\d% overall/);
      }, 30_000);

      it('structured: rate 0 gives identical outputs; rate 25% shrinks tensors, loads and runs', async () => {
        const zero = await applyOne(bytes, 'prune-structured', { rate: 0 });
        expect(maxAbsDiff(await check(zero.bytes), reference)).toBe(0);
        const { bytes: out, step, result } = await applyOne(bytes, 'prune-structured', { rate: 25 });
        await check(out);
        const changed = step.layers.filter((l) => l.action === 'changed');
        if (changed.length) expect(result.after.raw).toBeLessThan(result.before.raw);
        for (const l of step.layers) {
          expect(l.detail.en.length).toBeGreaterThan(0);
          expect(l.detail.zh, l.detail.en).toMatch(/\p{Script=Han}/u); // the Chinese report row is Chinese, not a copy
        }
      }, 30_000);

      it('low-rank at 90% energy loads and runs; every MatMul/Gemm is reported', async () => {
        const { bytes: out, step } = await applyOne(bytes, 'low-rank', { mode: 'energy', energy: 90 });
        await check(out);
        for (const l of step.layers) expect(['MatMul', 'Gemm']).toContain(l.op);
      }, 30_000);

      const repeats = [['prune-unstructured', { rate: 30, scope: 'global' }], ['prune-structured', { rate: 30 }], ['low-rank', { mode: 'rank', rank: 20 }]] as const;
      for (const [id, options] of repeats) {
        it(`${id} is deterministic: the same input and options give identical bytes`, async () => {
          const a = await applyOne(bytes, id, options);
          const b = await applyOne(bytes, id, options);
          expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
        }, 30_000);
      }
    });
  }
});
