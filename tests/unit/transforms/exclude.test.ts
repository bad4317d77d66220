// Mixed recipes: every technique leaves the layers named in `exclude` exactly as they are and reports them as
// skipped; excluding every layer it would change gives back the float32 model's outputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyRecipe } from '../../../src/engine/pipeline';
import { decodeModel, readFloat32, tensorShape, type ModelProto } from '../../../src/engine/onnx';
import { EXCLUDED_DETAIL } from '../../../src/engine/transforms/exclude';
import { getTransform, TRANSFORMS } from '../../../src/engine/transforms';
import type { TrainingSet } from '../../../src/engine/train/data';
import { trainingSetOf } from '../../../src/models/training-set';
import type { ModelAdapter } from '../../../src/models/types';
import type { Feeds } from '../../../src/engine/tensor-data';
import { digitsAdapter } from '../../../src/models/digits/adapter';
import { langidAdapter } from '../../../src/models/langid/adapter';
import { ortRunner, runOrt } from './helpers/quant-ort';

interface Case { name: string; bytes: Uint8Array; feeds: Feeds; training: TrainingSet }

function load(dir: string, adapter: ModelAdapter<unknown>, evalFile: string, trainFile: string, labels?: string[]): Case {
  const bytes = new Uint8Array(readFileSync(`models/${dir}/model.onnx`));
  const samples = adapter.parseEvalSet(new Uint8Array(readFileSync(`models/${dir}/${evalFile}`))).slice(0, 16);
  // A slice of the training set: enough for the training steps (recover, distill) to run.
  const train = adapter.parseTrainSet!(new Uint8Array(readFileSync(`models/${dir}/${trainFile}`))).slice(0, 64);
  return { name: dir, bytes, feeds: adapter.toFeeds(samples.map((s) => s.input)), training: trainingSetOf(adapter, train, labels, { en: 'samples', zh: '样本' }) };
}

const CASES: Case[] = [
  load('digits', digitsAdapter as ModelAdapter<unknown>, 'eval.bin', 'train.bin', [...'0123456789']),
  load('langid', langidAdapter as ModelAdapter<unknown>, 'eval.json', 'train.json'),
];

/** The float32 weight a layer reads (input 1), by name, or undefined if it is gone. */
function weightOf(model: ModelProto, node: string): { name: string; dims: number[]; values: Float32Array; dataType: number } | undefined {
  const n = model.graph!.node.find((x) => (x.name || x.output[0]) === node);
  const t = n && model.graph!.initializer.find((i) => i.name === n.input[1]);
  return t && { name: t.name, dims: tensorShape(t), values: readFloat32(t), dataType: t.dataType };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.each(CASES)('exclude on the $name model', ({ bytes, feeds, training }) => {
  const original = decodeModel(bytes);
  const ctx = { calibration: [feeds], runner: ortRunner, training };

  it.each(TRANSFORMS.map((t) => t.meta.id))('%s: an excluded layer keeps its weight byte for byte; excluding all gives fp32 outputs', async (id) => {
    // Training steps: a short run (the layers, not the result, are what this test checks).
    const options = getTransform(id).meta.trains ? { steps: 50, batchSize: 16 } : undefined;
    const plain = await applyRecipe(bytes, [{ transform: id, options }], ctx);
    const changed = [...new Set(plain.steps[0].layers.filter((l) => l.action === 'changed').map((l) => l.node))];
    const layers = changed.filter((n) => original.graph!.node.some((x) => x.name === n));
    if (!layers.length) return; // nothing this technique changes on this model (e.g. int4 on a CNN without MatMul)

    // One layer: the first in graph order, so structured pruning has no pruned producer before it.
    const target = layers[0];
    const one = await applyRecipe(bytes, [{ transform: id, options, exclude: [target] }], ctx);
    const row = one.steps[0].layers.find((l) => l.node === target);
    expect(row).toMatchObject({ action: 'skipped', detail: EXCLUDED_DETAIL });
    const before = weightOf(original, target)!;
    const after = weightOf(decodeModel(one.bytes), target);
    expect(after?.name).toBe(before.name);
    expect(after!.dataType).toBe(before.dataType);
    expect(after!.dims).toEqual(before.dims);
    expect(Buffer.from(after!.values.buffer, after!.values.byteOffset, after!.values.byteLength).equals(Buffer.from(before.values.buffer, before.values.byteOffset, before.values.byteLength))).toBe(true);
    // The others still change (structured pruning aside: on langid, dense2's inputs only shrank with dense1).
    if (layers.length > 1 && id !== 'prune-structured') expect(one.steps[0].layers.some((l) => l.action === 'changed')).toBe(true);

    const all = await applyRecipe(bytes, [{ transform: id, options, exclude: layers }], ctx);
    expect(all.steps[0].layers.filter((l) => l.action === 'changed' && layers.includes(l.node))).toEqual([]);
    const [ref, got] = [await runOrt(bytes, feeds), await runOrt(all.bytes, feeds)];
    for (const name of ref.outputNames) {
      expect(maxAbsDiff(got.outputs[name].data as Float32Array, ref.outputs[name].data as Float32Array)).toBeLessThanOrEqual(1e-6);
    }
  });
});
