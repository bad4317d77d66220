// The least-squares refit against closed-form ridge solutions computed here, independently (float64 forward
// passes, explicit im2col, Gaussian elimination), on hand-built graphs; and what it says when it cannot act.
import { describe, expect, it } from 'vitest';
import { applyRecipe, type Recipe } from '../../../src/engine/pipeline';
import { decodeModel, readFloat32 } from '../../../src/engine/onnx';
import { createRunner } from '../../../src/runtime/ort';
import { CNN, MLP, cnnBytes, conv3x3, feeds, mlpBytes, mlpHidden, mlpOutput, ridgeReference, seeded } from './graphs';

const runner = createRunner({ backend: 'wasm', threads: 1 });
const LAMBDA = 0.01;

/** Indices pruning keeps: all but the `remove` smallest L1 norms, ascending. */
function keptByNorm(norms: number[], remove: number): number[] {
  const drop = new Set([...norms.keys()].sort((a, b) => norms[a] - norms[b] || a - b).slice(0, remove));
  return [...norms.keys()].filter((i) => !drop.has(i));
}

function weights(bytes: Uint8Array): Map<string, Float32Array> {
  return new Map(decodeModel(bytes).graph!.initializer.map((t) => [t.name, readFloat32(t)]));
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('least-squares refit after structured pruning', () => {
  it('gives a pruned Gemm the closed-form ridge solution (bias unpenalized, shrunk toward the pruned weights)', async () => {
    const xs = Array.from({ length: 16 }, (_, i) => seeded(4, 100 + i));
    const recipe: Recipe = [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'refit', options: { lambda: LAMBDA, samples: 16, scope: 'pruned' } }];
    const result = await applyRecipe(mlpBytes(), recipe, { calibration: xs.map((x) => feeds(x, [1, 4])), runner });
    const kept = keptByNorm([0, 1, 2, 3, 4, 5].map((j) => [0, 1, 2, 3].reduce((s, i) => s + Math.abs(MLP.w1[i * 6 + j]), 0)), 3);
    const a = xs.map((x) => [...mlpHidden(x, kept), 1]);
    const w0 = [...kept.map((j) => [0, 1, 2].map((c) => MLP.w2[c * 6 + j])), [...MLP.b2]];
    const want = ridgeReference(a, xs.map(mlpOutput), w0, LAMBDA, 3);

    const w = weights(result.bytes);
    const got = [0, 1, 2, 3].flatMap((i) => [0, 1, 2].map((c) => (i < 3 ? w.get('W2')![c * 3 + i] : w.get('B2')![c]))); // W2 stored [3 out, 3 in]
    expect(maxDiff(got, want.flat())).toBeLessThan(1e-4);
    // The refit is not the pruned layer: the solution moved.
    expect(maxDiff(got, w0.flat())).toBeGreaterThan(1e-2);
    // g1 lost outputs, not inputs: it keeps its pruned weights bit for bit (W1 stored [4 in, 3 kept out]).
    expect(Array.from(w.get('W1')!)).toEqual([0, 1, 2, 3].flatMap((i) => kept.map((j) => MLP.w1[i * 6 + j])));
    const row = result.steps[1].layers.find((l) => l.node === 'g2')!;
    expect(row.action).toBe('changed');
    expect(row.detail.en).toContain('16 samples (16 rows)');
    expect(row.outputErrorAfter!).toBeLessThan(row.outputErrorBefore!);
    expect(result.steps[1].layers.find((l) => l.node === 'g1')!.action).toBe('skipped');
  });

  it('refits a pruned Conv through im2col to the closed-form solution', async () => {
    const xs = Array.from({ length: 4 }, (_, i) => seeded(50, 200 + i));
    const recipe: Recipe = [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'refit', options: { lambda: LAMBDA, samples: 16, scope: 'pruned' } }];
    const result = await applyRecipe(cnnBytes(), recipe, { calibration: xs.map((x) => feeds(x, [1, 2, 5, 5])), runner });
    const kept = keptByNorm([0, 1, 2, 3].map((o) => CNN.w1.slice(o * 18, o * 18 + 18).reduce((s, v) => s + Math.abs(v), 0)), 2);
    const rows: number[][] = [];
    const targets: number[][] = [];
    for (const x of xs) {
      const hidden = conv3x3(x, 2, CNN.w1, CNN.b1, kept, [0, 1]).map((plane) => plane.map((v) => Math.max(0, v)));
      const full = conv3x3(x, 2, CNN.w1, CNN.b1, [0, 1, 2, 3], [0, 1]).map((plane) => plane.map((v) => Math.max(0, v)));
      const y = conv3x3(full.flat(), 4, CNN.w2, CNN.b2, [0, 1, 2], [0, 1, 2, 3]);
      for (let p = 0; p < 25; p++) {
        const [py, px] = [Math.floor(p / 5), p % 5];
        const patch: number[] = [];
        for (let c = 0; c < 2; c++) for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
          const yy = py + ky - 1, xx = px + kx - 1;
          patch.push(yy >= 0 && yy < 5 && xx >= 0 && xx < 5 ? hidden[c][yy * 5 + xx] : 0);
        }
        rows.push([...patch, 1]);
        targets.push(y.map((plane) => plane[p]));
      }
    }
    const w0 = [...[0, 1].flatMap((c) => Array.from({ length: 9 }, (_, s) => [0, 1, 2].map((o) => CNN.w2[(o * 4 + kept[c]) * 9 + s]))), [...CNN.b2]];
    const want = ridgeReference(rows, targets, w0, LAMBDA, 18);
    const w = weights(result.bytes);
    const got = Array.from({ length: 19 }, (_, i) => [0, 1, 2].map((o) => (i < 18 ? w.get('W2')![o * 18 + i] : w.get('B2')![o]))).flat();
    expect(maxDiff(got, want.flat())).toBeLessThan(1e-4);
    expect(result.steps[1].layers.find((l) => l.node === 'c2')!.detail.en).toContain('4 samples (100 rows), 18 inputs → 3 outputs');
  });

  it('says there is nothing to refit without a structured pruning step before it, and leaves the model alone', async () => {
    const bytes = mlpBytes();
    const result = await applyRecipe(bytes, [{ transform: 'refit' }], { calibration: [feeds(seeded(4, 1), [1, 4])], runner });
    expect(result.steps[0].layers).toEqual([]);
    expect(result.steps[0].warnings[0].en).toMatch(/^Nothing to refit: no structured pruning step comes before this one/);
    expect(result.steps[0].warnings[0].zh).toContain('结构化剪枝');
    expect(weights(result.bytes)).toEqual(weights(bytes));
  });

  it('asks for calibration samples when there are none', async () => {
    await expect(applyRecipe(mlpBytes(), [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'refit' }], { runner }))
      .rejects.toThrow(/needs calibration data/);
  });
});
