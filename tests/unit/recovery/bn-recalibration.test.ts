// BatchNorm re-estimation sets each BN's mean/variance to its input's statistics over the calibration samples
// (computed here from a float64 conv), at the channels pruning kept, and says plainly when no BN is left.
import { describe, expect, it } from 'vitest';
import { applyRecipe, type Recipe } from '../../../src/engine/pipeline';
import { decodeModel, readFloat32 } from '../../../src/engine/onnx';
import { createRunner } from '../../../src/runtime/ort';
import { CNN, cnnBnBytes, conv3x3, feeds, mlpBytes, seeded } from './graphs';

const runner = createRunner({ backend: 'wasm', threads: 1 });

describe('BatchNorm re-estimation', () => {
  it('recomputes running mean and variance from calibration activations after structured pruning', async () => {
    const xs = Array.from({ length: 6 }, (_, i) => seeded(50, 600 + i));
    const recipe: Recipe = [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'bn-recalibration', options: { samples: 8 } }];
    const result = await applyRecipe(cnnBnBytes(), recipe, { calibration: xs.map((x) => feeds(x, [1, 2, 5, 5])), runner });
    const norms = [0, 1, 2, 3].map((o) => CNN.w1.slice(o * 18, o * 18 + 18).reduce((s, v) => s + Math.abs(v), 0));
    const kept = [0, 1, 2, 3].filter((o) => norms.filter((n, j) => n < norms[o] || (n === norms[o] && j < o)).length >= 2);
    const values = kept.map((o) => xs.flatMap((x) => conv3x3(x, 2, CNN.w1, CNN.b1, [o], [0, 1])[0]));
    const mean = values.map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    const variance = values.map((v, c) => v.reduce((a, b) => a + (b - mean[c]) ** 2, 0) / v.length);
    const inits = new Map(decodeModel(result.bytes).graph!.initializer.map((t) => [t.name, readFloat32(t)]));
    expect(Math.max(...Array.from(inits.get('M')!, (v, c) => Math.abs(v - mean[c])))).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(inits.get('V')!, (v, c) => Math.abs(v - variance[c]) / variance[c]))).toBeLessThan(1e-5);
    expect(inits.get('M')!.length).toBe(2);
    const row = result.steps[1].layers[0];
    expect(row).toMatchObject({ node: 'bn', action: 'changed' });
    expect(row.detail.en).toContain('from 150 values per channel (6 samples)');
    expect(row.outputErrorBefore).toBeGreaterThan(0);
    expect(row.outputErrorAfter).toBeDefined();
  });

  it('says plainly that no BatchNormalization is left', async () => {
    const result = await applyRecipe(mlpBytes(), [{ transform: 'bn-recalibration' }], { calibration: [feeds(seeded(4, 1), [1, 4])], runner });
    expect(result.steps[0].layers).toEqual([]);
    expect(result.steps[0].warnings[0].en).toBe('No BatchNormalization left in this model (folded into the layers before it, or absent): nothing to re-estimate.');
  });
});
