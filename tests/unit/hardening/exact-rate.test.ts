// "Pruning at rate r zeroes exactly r of the weights", on every shipped model and every rate from 10% to 90%:
// a fixed-threshold rule (the textbook pseudo-code: zero |w| below some t) ignores the rate, and a plain
// quantile threshold over-prunes when weights tie. Both the counted zeros and the reported sparsity must match.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../../../src/engine/onnx';
import { REPO_ROOT } from '../fixtures/site-fetch';
import { applyTechnique } from '../transforms/helpers/apply';
import { committedOnnxFiles } from '../transforms/helpers/real-models';
import { constantTensors, countZeros, weightNames } from '../transforms/helpers/weights';

const RATES = [10, 20, 30, 40, 50, 60, 70, 80, 90];
const models = committedOnnxFiles().map((path) => ({ name: relative(REPO_ROOT, path), path }));
const readModel = (m: { path: string }) => new Uint8Array(readFileSync(m.path));

describe('unstructured pruning hits the requested rate exactly', () => {
  it('has the committed models to test', () => expect(models.length).toBeGreaterThanOrEqual(3));
  for (const m of models) {
    it(`${m.name}: per layer, rates 10..90%`, async () => {
      const bytes = readModel(m);
      const before = constantTensors(decodeModel(bytes));
      const names = weightNames(decodeModel(bytes));
      expect(names.length).toBeGreaterThan(0);
      for (const rate of RATES) {
        const { model, step } = await applyTechnique('prune-unstructured', bytes, { rate });
        const after = constantTensors(model);
        for (const w of names) {
          const n = before.get(w)!.values.length;
          // Weights that already were zero count toward the rate; beyond it, nothing more is zeroed.
          const expected = Math.max(Math.round((rate / 100) * n), countZeros(before.get(w)!.values));
          expect(countZeros(after.get(w)!.values), `${w} at ${rate}%`).toBe(expected);
        }
        const reported = step.layers.filter((l) => l.sparsity !== undefined);
        for (const l of reported) expect(l.paramsBefore - l.paramsAfter, `${l.node} at ${rate}%`).toBe(Math.round(l.sparsity! * l.paramsBefore));
      }
    }, 8_000); // at most 1.3 s per model on an idle machine

    it(`${m.name}: one global threshold, rates 10..90%`, async () => {
      const bytes = readModel(m);
      const before = constantTensors(decodeModel(bytes));
      const names = weightNames(decodeModel(bytes));
      const total = names.reduce((n, w) => n + before.get(w)!.values.length, 0);
      const zerosBefore = names.reduce((n, w) => n + countZeros(before.get(w)!.values), 0);
      for (const rate of RATES) {
        const { model } = await applyTechnique('prune-unstructured', bytes, { rate, scope: 'global' });
        const after = constantTensors(model);
        const zeros = names.reduce((n, w) => n + countZeros(after.get(w)!.values), 0);
        expect(zeros, `global ${rate}%`).toBe(Math.max(Math.round((rate / 100) * total), zerosBefore));
      }
    }, 8_000); // at most 1.3 s per model on an idle machine
  }
});
