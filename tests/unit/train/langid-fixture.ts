// Language ID as the recovery tests use it: the committed model, its eval set (a 500-paragraph slice, every
// language in it) and its training set, with evaluation through onnxruntime-web as the app measures it.
import { readFileSync } from 'node:fs';
import { applyRecipe, type Recipe } from '../../../src/engine/pipeline';
import type { TrainingSet } from '../../../src/engine/train/data';
import type { TransformContext } from '../../../src/engine/transforms/types';
import { evaluate } from '../../../src/models/evaluate';
import { langidAdapter } from '../../../src/models/langid/adapter';
import { trainingSetOf } from '../../../src/models/training-set';
import { webWasmRunner } from '../../../scripts/bench/node-runner';

export const langidBytes = new Uint8Array(readFileSync('models/langid/model.onnx'));
const evalSamples = langidAdapter.parseEvalSet(new Uint8Array(readFileSync('models/langid/eval.json')));
/** Every 4th paragraph: 488 samples over all 49 evaluated languages. */
export const evalSlice = evalSamples.filter((_, i) => i % 4 === 0);
export const langidTraining: TrainingSet = trainingSetOf(
  langidAdapter, langidAdapter.parseTrainSet!(new Uint8Array(readFileSync('models/langid/train.json'))), undefined, { en: 'the training texts', zh: '训练文本' },
);

const runner = webWasmRunner(1);

export async function accuracy(bytes: Uint8Array): Promise<number> {
  const model = await runner.open(bytes);
  try {
    return (await evaluate(langidAdapter, model, evalSlice)).value;
  } finally {
    await model.close();
  }
}

export function run(recipe: Recipe, ctx: TransformContext = {}) {
  return applyRecipe(langidBytes, recipe, { training: langidTraining, runner, calibration: evalSlice.slice(0, 16).map((s) => langidAdapter.toFeeds([s.input])), ...ctx });
}
