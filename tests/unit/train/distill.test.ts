// Distillation into a smaller student: the student is narrower (and, for the Transformer, shallower) than the
// teacher, is an ordinary model later steps take, and learns the teacher's answers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModel, tensorShape } from '../../../src/engine/onnx';
import { applyRecipe } from '../../../src/engine/pipeline';
import { residualBlocks, residualUnits } from '../../../src/engine/transforms/distill/blocks';
import { createSentimentAdapter } from '../../../src/models/sentiment/create-adapter';
import { trainingSetOf } from '../../../src/models/training-set';
import { webWasmRunner } from '../../../scripts/bench/node-runner';
import { accuracy, run } from './langid-fixture';

const sentimentBytes = new Uint8Array(readFileSync('models/sentiment/model.onnx'));
const sentiment = createSentimentAdapter(JSON.parse(readFileSync('models/sentiment/tokenizer.json', 'utf8')) as object);

describe('distillation into a smaller student', () => {
  it('language ID at a quarter of the hidden width: 30 neurons, trained from the teacher, then int8', async () => {
    const untrained = await run([{ transform: 'prune-structured', options: { rate: 75 } }]);
    const r = await run([{ transform: 'distill', options: { width: 25, steps: 300 } }, { transform: 'int8-dynamic' }]);
    const student = decodeModel(r.bytes);
    expect(student.graph!.node.map((n) => n.opType)).toContain('MatMulInteger');
    expect(tensorShape(student.graph!.initializer.find((t) => t.name === 'dense1.weight_quantized')!)).toEqual([620, 30]);
    const [a0, a1] = [await accuracy(untrained.bytes), await accuracy(r.bytes)];
    expect(a0).toBeLessThan(0.2);
    expect(a1).toBeGreaterThan(0.88);
    expect(r.after.raw).toBeLessThan(r.before.raw / 8);
  });

  it('finds the sentiment Transformer\'s two layers (attention + feed-forward each) and drops one', async () => {
    const graph = decodeModel(sentimentBytes).graph!;
    const units = residualUnits(graph);
    expect(units.map((u) => u.add.name)).toEqual(['layer0.residual1', 'layer0.residual2', 'layer1.residual1', 'layer1.residual2']);
    expect(residualBlocks(units).map((b) => b.units.length)).toEqual([2, 2]);
    // A few sentences and a 5 s time budget are enough to check the student trains and runs (the bench measures
    // real runs); the time budget says it is not reproducible.
    const samples = sentiment.parseTrainSet!(new Uint8Array(readFileSync('models/sentiment/train.json'))).slice(0, 32);
    const training = trainingSetOf(sentiment, samples, ['negative', 'positive'], { en: 'sentences', zh: '句子' });
    const r = await applyRecipe(sentimentBytes, [{ transform: 'distill', options: { width: 50, layers: 1, budget: 'seconds', seconds: 5, batchSize: 16 } }], { training });
    expect(r.steps[0].training!.stoppedBy).toBe('time');
    expect(r.steps[0].warnings.some((w) => /time budget .* gives different bytes/.test(w.en))).toBe(true);
    const student = decodeModel(r.bytes);
    expect(student.graph!.node.filter((n) => n.opType === 'Softmax')).toHaveLength(1);
    expect(student.graph!.node.some((n) => n.name.startsWith('layer1.'))).toBe(false);
    expect(tensorShape(student.graph!.initializer.find((t) => t.name === 'layer0.ffn.up.weight')!)).toEqual([64, 64]);
    expect(r.steps[0].layers.some((l) => l.detail.en === 'dropped residual layer 2 of 2')).toBe(true);
    const session = await webWasmRunner(1).open(r.bytes);
    const out = await session.run(sentiment.toFeeds(['The food was delicious.', 'Never again.']));
    expect(out.logits.dims).toEqual([2, 2]);
    expect(r.after.raw).toBeLessThan(r.before.raw);
  });
});
