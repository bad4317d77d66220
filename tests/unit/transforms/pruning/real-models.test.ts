// Every pruning technique on every registry model (the committed ones and the PP-OCRv4 recognizer), run on the
// model's own eval samples: it loads in ORT with the same signature and outputs of the same shape.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../../../src/engine/onnx';
import { applyTechnique } from '../helpers/apply';
import { runDiff, runDims, runOrt, type OrtRun } from '../helpers/ort';
import { loadRealModel, OCR_REC, REAL_MODEL_IDS, unregisteredModelFiles, type RealModel } from '../helpers/real-models';
import { constantTensors, countZeros, weightNames } from '../helpers/weights';

it('every committed .onnx is in the model registry, so these tests cover it', () => {
  expect(unregisteredModelFiles()).toEqual([]);
});

for (const id of REAL_MODEL_IDS) {
  // Up to ~7 s a test (the 10.8 MB recognizer) on an idle machine.
  describe(`pruning ${id}`, { timeout: 20_000 }, () => {
    let m: RealModel;
    let feeds: ReturnType<RealModel['feeds']>;
    let reference: OrtRun;

    beforeAll(async () => {
      m = await loadRealModel(id);
      feeds = m.feeds(m.adapter.batchSize > 1 ? 4 : 1);
      reference = await runOrt(m.bytes, feeds);
    });

    async function check(out: Uint8Array): Promise<OrtRun> {
      const run = await runOrt(out, feeds);
      expect(run.signature).toEqual(reference.signature);
      expect(runDims(run)).toEqual(runDims(reference));
      return run;
    }

    it('unstructured 50% per layer: exactly round(0.5·n) zeros in every weight tensor; loads and runs', async () => {
      const before = constantTensors(decodeModel(m.bytes));
      const { bytes: out, model, result } = await applyTechnique('prune-unstructured', m.bytes, { rate: 50 });
      const after = constantTensors(model);
      const names = weightNames(decodeModel(m.bytes));
      expect(names.length).toBeGreaterThan(0);
      for (const w of names) {
        const n = before.get(w)!.values.length;
        expect(countZeros(after.get(w)!.values), w).toBe(Math.max(Math.round(0.5 * n), countZeros(before.get(w)!.values)));
      }
      expect(result.after.gzip).toBeLessThan(result.before.gzip);
      await check(out);
    });

    it('mean-abs rule: the reported sparsity is the counted one', async () => {
      const { model, step } = await applyTechnique('prune-unstructured', m.bytes, { method: 'mean-abs' });
      const after = constantTensors(model);
      const names = new Set(weightNames(decodeModel(m.bytes)));
      const counted = [...names].map((w) => countZeros(after.get(w)!.values) / after.get(w)!.values.length).sort();
      const reported = step.layers.filter((l) => l.sparsity !== undefined).map((l) => l.sparsity!).sort();
      expect(reported).toEqual(counted.map((c) => expect.closeTo(c, 12)));
      expect(step.warnings[1].en).toMatch(/it zeroed \d+\.\d% overall/);
    });

    it('structured: rate 0 gives identical outputs; rate 25% shrinks the file, loads and runs', async () => {
      const zero = await applyTechnique('prune-structured', m.bytes, { rate: 0 });
      expect(runDiff(await check(zero.bytes), reference)).toBe(0);
      const { bytes: out, step, result } = await applyTechnique('prune-structured', m.bytes, { rate: 25 });
      await check(out);
      const changed = step.layers.filter((l) => l.action === 'changed');
      expect(changed.length).toBeGreaterThan(0);
      expect(result.after.raw).toBeLessThan(result.before.raw);
      for (const l of step.layers) {
        expect(l.detail.en.length).toBeGreaterThan(0);
        expect(l.detail.zh, l.detail.en).toMatch(/\p{Script=Han}/u); // the Chinese report row is Chinese, not a copy
      }
      for (const l of step.layers) expect(l.detail.en.length).toBeGreaterThan(0);
    });

    it('low-rank at 90% energy loads and runs; every MatMul/Gemm is reported', async () => {
      const { bytes: out, step } = await applyTechnique('low-rank', m.bytes, { mode: 'energy', energy: 90 });
      await check(out);
      for (const l of step.layers) expect(['MatMul', 'Gemm']).toContain(l.op);
    });

    // Determinism on the three committed models; on the 10.8 MB recognizer a repeat costs seconds for no new case.
    const repeats = [['prune-unstructured', { rate: 30, scope: 'global' }], ['prune-structured', { rate: 30 }], ['low-rank', { mode: 'rank', rank: 20 }]] as const;
    for (const [technique, options] of id === OCR_REC ? [] : repeats) {
      it(`${technique} is deterministic: the same input and options give identical bytes`, async () => {
        const a = await applyTechnique(technique, m.bytes, options);
        const b = await applyTechnique(technique, m.bytes, options);
        expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
      });
    }
  });
}
