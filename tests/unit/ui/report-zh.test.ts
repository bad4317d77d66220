// In 中文 mode the per-layer reports are Chinese: every technique, on the digits CNN and the sentiment Transformer,
// gives each report row, warning and caveat a Chinese text (not a copy of the English one). The recovery steps
// (which need a step before them, training data, or a BatchNorm) run in the recipes they are made for.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressRecipe, type Recipe } from '../../../src/engine/pipeline';
import type { StepReport } from '../../../src/engine/transforms/types';
import { TRANSFORMS } from '../../../src/engine/transforms';
import { DIGIT_LABELS, digitsAdapter } from '../../../src/models/digits/adapter';
import { createRunner } from '../../../src/runtime/ort';
import { trainingSetOf } from '../../../src/models/training-set';
import { cnnBnBytes, feeds, seeded } from '../recovery/graphs';

const han = /\p{Script=Han}/u;
const MODELS = { digits: 'models/digits/model.onnx', sentiment: 'models/sentiment/model.onnx' };
const calibration = digitsAdapter.parseEvalSet(new Uint8Array(readFileSync('models/digits/eval.bin'))).slice(0, 4).map((s) => digitsAdapter.toFeeds([s.input]));

/** Counts the rows; every row, warning and caveat must be Chinese ("float16" alone is a format name in both). */
function expectChinese(steps: readonly StepReport[], what: string): number {
  let rows = 0;
  for (const step of steps) {
    for (const l of step.layers) {
      rows++;
      if (l.detail.en !== 'float16') expect(l.detail.zh, `${what} ${l.node}: ${l.detail.en}`).toMatch(han);
    }
    for (const w of [...step.warnings, ...(step.caveats ?? [])]) expect(w.zh, w.en).toMatch(han);
  }
  return rows;
}

describe('layer reports in Chinese', () => {
  for (const [name, path] of Object.entries(MODELS)) {
    it(`every technique's report rows on the ${name} model`, async () => {
      const bytes = new Uint8Array(readFileSync(path));
      let rows = 0;
      for (const t of TRANSFORMS) {
        if (t.meta.id === 'int8-qdq' && name !== 'digits') continue; // calibration samples are digits
        if (t.meta.trains) continue; // needs training data: in the recipes below
        const result = await compressRecipe(bytes, [{ transform: t.meta.id, options: {} }], { calibration, runner: createRunner({ backend: 'wasm' }) });
        rows += expectChinese(result.steps, t.meta.id);
      }
      expect(rows).toBeGreaterThan(10);
    }, 60_000);
  }

  it('recovery steps after the compression they recover from (digits), and BatchNorm folding / re-estimation', async () => {
    const bytes = new Uint8Array(readFileSync(MODELS.digits));
    const read = (p: string) => new Uint8Array(readFileSync(p));
    const training = trainingSetOf(digitsAdapter, digitsAdapter.parseTrainSet!(read('models/digits/train.bin')).slice(0, 256), DIGIT_LABELS, { en: 'the training digits', zh: '训练数字' });
    const train = { budget: 'steps', steps: 50 };
    const recipes: Recipe[] = [
      [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'refit', options: {} }],
      [{ transform: 'int8-dynamic', options: {} }, { transform: 'bias-correction', options: {} }],
      [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'recover', options: train }],
      [{ transform: 'distill', options: { ...train, width: 50 } }],
    ];
    let rows = 0;
    for (const recipe of recipes) {
      const result = await compressRecipe(bytes, recipe, { calibration, training, runner: createRunner({ backend: 'wasm' }) });
      rows += expectChinese(result.steps.slice(1), recipe.map((s) => s.transform).join(' + '));
      expect(result.steps.at(-1)!.layers.some((l) => l.action === 'changed'), recipe.at(-1)!.transform).toBe(true);
    }
    // A conv + BatchNorm graph: int8 folds the BatchNorm first; after pruning, re-estimation has one to re-estimate.
    const bn = cnnBnBytes();
    const bnCalibration = Array.from({ length: 6 }, (_, i) => feeds(seeded(50, 600 + i), [1, 2, 5, 5]));
    for (const recipe of [[{ transform: 'int8-dynamic' }], [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'bn-recalibration', options: { samples: 8 } }]] as Recipe[]) {
      const result = await compressRecipe(bn, recipe, { calibration: bnCalibration, runner: createRunner({ backend: 'wasm' }) });
      const bnRows = result.steps.flatMap((s) => s.layers).filter((l) => l.op === 'BatchNormalization');
      expect(bnRows.length, recipe.map((s) => s.transform).join(' + ')).toBeGreaterThan(0);
      rows += expectChinese(result.steps, recipe.map((s) => s.transform).join(' + '));
    }
    expect(rows).toBeGreaterThan(10);
  }, 60_000);
});
