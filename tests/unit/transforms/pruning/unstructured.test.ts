import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../../src/engine/onnx';
import { getTransform } from '../../../../src/engine/transforms';
import { resolveOptions } from '../../../../src/engine/transforms/options';
import { applyTechnique, layer } from '../helpers/apply';
import { ortSignature, randomFeeds, runDiff, runDims, runOrt } from '../helpers/ort';
import { asConstantNodes, convBnNet, mlpNet } from '../helpers/prune-nets';
import { constantTensors, countZeros } from '../helpers/weights';

const WEIGHTS: Record<string, string[]> = {
  mlp: ['w1', 'w2', 'w3'],
  convBn: ['c1.w', 'c2.w', 'fc.w'],
};
const NOT_WEIGHTS = ['b1', 'b2', 'b3', 'c1.b', 'bn.scale', 'bn.bias', 'bn.mean', 'bn.var', 'fc.b'];
const nets = { mlp: mlpNet, convBn: convBnNet };

describe('prune-unstructured', () => {
  for (const [name, build] of Object.entries(nets)) {
    for (const rate of [0, 30, 50, 95]) {
      it(`${name}: rate ${rate}% zeroes exactly round(rate·n) weights per layer, never biases or BN params`, async () => {
        const original = constantTensors(build());
        const { bytes, model, step } = await applyTechnique('prune-unstructured', build(), { rate });
        const pruned = constantTensors(model);
        for (const w of WEIGHTS[name]) {
          const n = original.get(w)!.values.length;
          expect(countZeros(pruned.get(w)!.values), w).toBe(Math.round((rate / 100) * n));
        }
        for (const [t, v] of original) if (NOT_WEIGHTS.includes(t)) expect(pruned.get(t)!.values).toEqual(v.values);
        expect(await ortSignature(bytes)).toEqual(await ortSignature(encodeModel(build())));
        expect(step.layers.filter((l) => l.action === 'changed')).toHaveLength(rate === 0 ? 0 : WEIGHTS[name].length);
        if (rate === 0) {
          const feeds = randomFeeds(bytes, 1, 1, {});
          expect(runDiff(await runOrt(bytes, feeds), await runOrt(encodeModel(build()), feeds))).toBe(0);
        }
      });
    }
  }

  it('keeps the largest weights: every zeroed |w| is <= every kept |w|', async () => {
    const before = constantTensors(convBnNet()).get('c2.w')!.values;
    const { model } = await applyTechnique('prune-unstructured', convBnNet(), { rate: 40 });
    const after = constantTensors(model).get('c2.w')!.values;
    let maxZeroed = 0;
    let minKept = Infinity;
    for (let i = 0; i < before.length; i++) {
      if (after[i] === 0) maxZeroed = Math.max(maxZeroed, Math.abs(before[i]));
      else {
        minKept = Math.min(minKept, Math.abs(before[i]));
        expect(after[i]).toBe(before[i]); // kept weights keep their exact bits
      }
    }
    expect(maxZeroed).toBeLessThanOrEqual(minKept);
  });

  it('global scope: exactly round(rate·N) zeros over all layers, unevenly spread', async () => {
    const original = constantTensors(convBnNet());
    const { model, step } = await applyTechnique('prune-unstructured', convBnNet(), { rate: 60, scope: 'global' });
    const pruned = constantTensors(model);
    const total = WEIGHTS.convBn.reduce((n, w) => n + original.get(w)!.values.length, 0);
    const zeros = WEIGHTS.convBn.reduce((n, w) => n + countZeros(pruned.get(w)!.values), 0);
    expect(zeros).toBe(Math.round(0.6 * total));
    const rates = WEIGHTS.convBn.map((w) => countZeros(pruned.get(w)!.values) / original.get(w)!.values.length);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.05);
    expect(step.layers.map((l) => l.sparsity)).toEqual(expect.arrayContaining(rates.map((r) => expect.closeTo(r, 9))));
  });

  it('breaks ties by position, so equal magnitudes still give the exact count', async () => {
    const model = mlpNet();
    const w1 = model.graph!.initializer.find((t) => t.name === 'w1')!;
    const data = new Float32Array(16 * 32).map((_, i) => (i % 2 ? 0.25 : -0.25)); // all |w| equal
    w1.rawData = new Uint8Array(data.buffer);
    const { model: out } = await applyTechnique('prune-unstructured', model, { rate: 37 });
    const z = constantTensors(out).get('w1')!.values;
    expect(countZeros(z)).toBe(Math.round(0.37 * 512));
    expect(countZeros(z.subarray(0, Math.round(0.37 * 512)))).toBe(Math.round(0.37 * 512)); // the first ones
  });

  it('mean-abs rule zeroes |w| below each layer mean and reports the rate it really gave', async () => {
    const original = constantTensors(convBnNet());
    const { model, step } = await applyTechnique('prune-unstructured', convBnNet(), { method: 'mean-abs', rate: 10 });
    const pruned = constantTensors(model);
    for (const [w, node] of [['c1.w', 'conv_c1'], ['c2.w', 'conv_c2'], ['fc.w', 'gemm_Y']]) {
      const v = original.get(w)!.values;
      const mean = v.reduce((s, x) => s + Math.abs(x), 0) / v.length;
      const expected = v.filter((x) => Math.abs(x) < mean).length;
      expect(countZeros(pruned.get(w)!.values)).toBe(expected);
      const row = layer(step, node);
      expect(row.sparsity).toBeCloseTo(expected / v.length, 12);
      expect(row.detail.en).toContain(`${((100 * expected) / v.length).toFixed(1)}%`);
      expect(row.sparsity).not.toBeCloseTo(0.1, 2); // the rate option is ignored
    }
    expect(step.warnings.map((w) => w.en).join(' ')).toMatch(/rate option is ignored; it zeroed \d+\.\d% overall/);
  });

  it('prunes weights stored in Constant nodes (Paddle2ONNX layout) in place', async () => {
    const { bytes, model } = await applyTechnique('prune-unstructured', asConstantNodes(convBnNet()), { rate: 50 });
    expect(model.graph!.initializer).toHaveLength(0);
    expect(countZeros(constantTensors(model).get('c2.w')!.values)).toBe(Math.round(0.5 * 12 * 8 * 9));
    expect(runDims(await runOrt(bytes, randomFeeds(bytes, 2))).Y).toEqual([1, 5]);
  });

  it('leaves raw size unchanged but shrinks gzip, and reports both per layer', async () => {
    const { result, step } = await applyTechnique('prune-unstructured', convBnNet(), { rate: 80 });
    expect(Math.abs(result.after.raw - result.before.raw)).toBeLessThan(64);
    expect(result.after.gzip).toBeLessThan(result.before.gzip * 0.75);
    const row = layer(step, 'conv_c2');
    expect(row.bytesAfter).toBe(row.bytesBefore);
    expect(row.detail.en).toMatch(/weight gzip [\d.]+ KB → [\d.]+ KB/);
  });

  it('is deterministic, reports progress per layer and stops when cancelled', async () => {
    const a = await applyTechnique('prune-unstructured', convBnNet(), { rate: 50, scope: 'global' });
    const b = await applyTechnique('prune-unstructured', convBnNet(), { rate: 50, scope: 'global' });
    expect(a.bytes).toEqual(b.bytes);
    const t = getTransform('prune-unstructured');
    const progress: number[] = [];
    await t.apply(decodeModel(encodeModel(convBnNet())), resolveOptions(t.meta, {}), { onProgress: (f) => progress.push(f) });
    expect(progress).toEqual([0, 1 / 3, 2 / 3, 1]);
    let calls = 0;
    const cancel = () => { if (++calls === 2) throw new Error('cancelled'); };
    await expect((async () => t.apply(decodeModel(encodeModel(convBnNet())), resolveOptions(t.meta, {}), { checkCancelled: cancel }))()).rejects.toThrow('cancelled');
  });
});
