import { describe, expect, it } from 'vitest';
import { encodeModel } from '../../../../src/engine/onnx';
import { symmetricEigen } from '../../../../src/engine/transforms/low-rank/eigen';
import { factors, keptEnergy, rankForEnergy, spectrum } from '../../../../src/engine/transforms/low-rank/svd';
import { applyTechnique, layer } from '../helpers/apply';
import { mulberry32, randomFloats } from '../helpers/build';
import { ortSignature, randomFeeds, runDiff, runDims, runMaxAbs, runOrt } from '../helpers/ort';
import { asConstantNodes, lowRankMatrix, lowRankNet, mlpNet } from '../helpers/prune-nets';
import { constantTensors } from '../helpers/weights';

function product(a: Float32Array, b: Float32Array, rows: number, rank: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < rank; k++) for (let j = 0; j < cols; j++) out[i * cols + j] += a[i * rank + k] * b[k * cols + j];
  return out;
}

async function outputs(before: Uint8Array, after: Uint8Array) {
  const feeds = randomFeeds(before, 3, 1, { X: [4, 32] });
  const a = await runOrt(before, feeds);
  const b = await runOrt(after, feeds);
  return { diff: runDiff(a, b), scale: runMaxAbs(a) };
}

describe('low-rank SVD', () => {
  it('eigendecomposition of a known symmetric matrix', () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1 with vectors (1,1)/√2 and (1,-1)/√2.
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(Array.from(values)).toEqual([expect.closeTo(3, 12), expect.closeTo(1, 12)]);
    expect(Math.abs(vectors[0] * vectors[1] - 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(vectors[2] * vectors[3] + 0.5)).toBeLessThan(1e-12);
  });

  for (const [rows, cols] of [[40, 25], [25, 40], [64, 64]]) {
    it(`${rows}x${cols}: full rank reconstructs W to < 1e-5 relative; energies sum to ‖W‖²`, () => {
      const w = randomFloats(rows * cols, mulberry32(rows * 100 + cols), 0.5);
      const s = spectrum(w, rows, cols);
      const full = Math.min(rows, cols);
      expect(s.energies.reduce((a, b) => a + b, 0) / s.total).toBeCloseTo(1, 10);
      const { a, b } = factors(w, rows, cols, s, full);
      const back = product(a, b, rows, full, cols);
      let err = 0;
      let norm = 0;
      for (let i = 0; i < w.length; i++) {
        err = Math.max(err, Math.abs(back[i] - w[i]));
        norm = Math.max(norm, Math.abs(w[i]));
      }
      expect(err / norm).toBeLessThan(1e-5);
      expect(keptEnergy(s, full)).toBeCloseTo(1, 10);
      expect(rankForEnergy(s, 1)).toBe(full);
    });
  }

  it('finds the exact rank of a rank-5 matrix and the truncation error equals the dropped energy', () => {
    const rand = mulberry32(9);
    const w = lowRankMatrix(30, 50, 5, rand);
    const s = spectrum(w, 30, 50);
    expect(rankForEnergy(s, 1)).toBe(5);
    expect(s.energies[5] / s.energies[0]).toBeLessThan(1e-9);
    const noisy = w.map((x) => x + (rand() - 0.5) * 0.01);
    const t = spectrum(noisy, 30, 50);
    const { a, b } = factors(noisy, 30, 50, t, 3);
    const back = product(a, b, 30, 3, 50);
    let err2 = 0;
    for (let i = 0; i < noisy.length; i++) err2 += (back[i] - noisy[i]) ** 2;
    // Eckart–Young: ‖W − W_r‖²_F = Σ_{i≥r} σ_i².
    expect(err2 / t.total).toBeCloseTo(1 - keptEnergy(t, 3), 6);
  });
});

describe('low-rank transform', () => {
  it('energy 100% on exactly low-rank weights: rank 4 and 3 found, outputs identical within 1e-5 relative', async () => {
    const before = encodeModel(lowRankNet());
    const { bytes, model, step } = await applyTechnique('low-rank', before, { mode: 'energy', energy: 100 });
    const s = Object.fromEntries([...constantTensors(model)].map(([k, v]) => [k, v.dims]));
    expect(s['m.w_lowrank_a']).toEqual([32, 4]);
    expect(s['m.w_lowrank_b']).toEqual([4, 48]);
    expect(s['g.w_lowrank_a']).toEqual([48, 3]);
    expect(s['g.w_lowrank_b']).toEqual([3, 40]);
    expect(s['m.w']).toBeUndefined();
    expect(layer(step, 'matmul_m')).toMatchObject({ action: 'changed', paramsBefore: 32 * 48, paramsAfter: 4 * 80 });
    expect(layer(step, 'matmul_m').detail.en).toMatch(/rank 4 of 32 keeps 100.00% of the energy/);
    expect(layer(step, 'gemm_Y').detail.en).toMatch(/rank 3 of 40 keeps 100.00% of the energy/);
    const { diff, scale } = await outputs(before, bytes);
    expect(diff / scale).toBeLessThan(1e-5);
    expect(await ortSignature(bytes)).toEqual(await ortSignature(before));
  });

  it('rank mode on random (full-rank) weights: reduces params, changes outputs, skips where no saving', async () => {
    const before = encodeModel(mlpNet());
    const { bytes, step, result } = await applyTechnique('low-rank', before, { mode: 'rank', rank: 25 });
    expect(layer(step, 'gemm_h1')).toMatchObject({ action: 'changed', paramsBefore: 16 * 32, paramsAfter: 4 * 48 });
    expect(layer(step, 'matmul_h2').detail.en).toMatch(/rank 6 of 24 keeps \d+\.\d\d% of the energy/);
    expect(result.after.raw).toBeLessThan(result.before.raw);
    const full = await applyTechnique('low-rank', before, { mode: 'energy', energy: 100 });
    for (const l of full.step.layers) expect(l).toMatchObject({ action: 'skipped', detail: { en: expect.stringMatching(/no saving/) } });
    expect(full.step.warnings[0].en).toMatch(/None of the 3/);
    const feeds = randomFeeds(before, 1, 1, { X: [2, 16] });
    expect(runDims(await runOrt(bytes, feeds)).Y).toEqual([2, 10]);
  });

  it('works on Constant-node weights and is deterministic', async () => {
    const a = await applyTechnique('low-rank', asConstantNodes(lowRankNet()), { mode: 'energy', energy: 99 });
    const b = await applyTechnique('low-rank', asConstantNodes(lowRankNet()), { mode: 'energy', energy: 99 });
    expect(a.bytes).toEqual(b.bytes);
    expect(a.model.graph!.initializer).toHaveLength(0);
    expect(a.model.graph!.node.filter((n) => n.opType === 'Constant').map((n) => n.output[0])).toEqual(
      expect.arrayContaining(['m.w_lowrank_a', 'm.w_lowrank_b', 'g.w_lowrank_a', 'g.w_lowrank_b']),
    );
    const { diff, scale } = await outputs(encodeModel(lowRankNet()), a.bytes);
    expect(diff / scale).toBeLessThan(1e-5);
  });
});
