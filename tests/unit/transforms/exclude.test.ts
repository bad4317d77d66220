// Mixed recipes: every technique leaves the layers named in `exclude` exactly as they are and reports them as
// skipped; excluding every layer it would change gives back the float32 model's outputs.
import { beforeAll, describe, expect, it } from 'vitest';
import { applyRecipe } from '../../../src/engine/pipeline';
import { decodeModel, readFloat32, tensorShape, type ModelProto, type TensorProto } from '../../../src/engine/onnx';
import { EXCLUDED_DETAIL } from '../../../src/engine/transforms/exclude';
import type { TransformId } from '../../../src/engine/transforms/types';
import { getTransform, TRANSFORMS } from '../../../src/engine/transforms';
import { maxAbsDiff, ortRunner, runOrt } from './helpers/ort';
import { loadRealModel, type RealModel } from './helpers/real-models';

/** The float32 weight a layer reads (input 1), by name, or undefined if it is gone. */
function weightOf(model: ModelProto, node: string): { name: string; dims: number[]; values: Float32Array; dataType: number } | undefined {
  const n = model.graph!.node.find((x) => (x.name || x.output[0]) === node);
  const t = n && model.graph!.initializer.find((i) => i.name === n.input[1]);
  return t && { name: t.name, dims: tensorShape(t), values: readFloat32(t), dataType: t.dataType };
}

describe.each(['digits-cnn', 'langid-50'])('exclude on %s', (id) => {
  let bytes: Uint8Array, feeds: ReturnType<RealModel['feeds']>, original: ModelProto;
  let ctx: { calibration: ReturnType<RealModel['feeds']>[]; runner: typeof ortRunner; training: ReturnType<RealModel['training']> };
  beforeAll(async () => {
    const m = await loadRealModel(id);
    bytes = m.bytes;
    feeds = m.feeds(16);
    original = decodeModel(bytes);
    // A slice of the training set: enough for the training steps (recover, distill) to run.
    ctx = { calibration: [feeds], runner: ortRunner, training: m.training(64) };
  });

  // Repair steps (refit, bias correction, BatchNorm re-estimation) change nothing on their own: tested below, after
  // the step they repair.
  it.each(TRANSFORMS.filter((t) => !t.meta.repairs).map((t) => t.meta.id))('%s: an excluded layer keeps its weight byte for byte; excluding all gives fp32 outputs', async (technique) => {
    // Training steps: a short run (the layers, not the result, are what this test checks).
    const options = getTransform(technique).meta.trains ? { steps: 50, batchSize: 16 } : undefined;
    const plain = await applyRecipe(bytes, [{ transform: technique, options }], ctx);
    const changed = [...new Set(plain.steps[0].layers.filter((l) => l.action === 'changed').map((l) => l.node))];
    const layers = changed.filter((n) => original.graph!.node.some((x) => x.name === n));
    // Every technique changes at least two layers of both models (int4: the CNN's two Gemms), so excluding one
    // leaves another to change.
    expect(layers.length).toBeGreaterThanOrEqual(2);

    // One layer: the first in graph order, so structured pruning has no pruned producer before it.
    const target = layers[0];
    const one = await applyRecipe(bytes, [{ transform: technique, options, exclude: [target] }], ctx);
    const row = one.steps[0].layers.find((l) => l.node === target);
    expect(row).toMatchObject({ action: 'skipped', detail: EXCLUDED_DETAIL });
    const before = weightOf(original, target)!;
    const after = weightOf(decodeModel(one.bytes), target);
    expect(after?.name).toBe(before.name);
    expect(after!.dataType).toBe(before.dataType);
    expect(after!.dims).toEqual(before.dims);
    expect(Buffer.from(after!.values.buffer, after!.values.byteOffset, after!.values.byteLength).equals(Buffer.from(before.values.buffer, before.values.byteOffset, before.values.byteLength))).toBe(true);
    // The others still change (structured pruning aside: on langid, dense2's inputs only shrank with dense1).
    if (technique !== 'prune-structured') expect(one.steps[0].layers.some((l) => l.action === 'changed')).toBe(true);

    const all = await applyRecipe(bytes, [{ transform: technique, options, exclude: layers }], ctx);
    expect(all.steps[0].layers.filter((l) => l.action === 'changed' && layers.includes(l.node))).toEqual([]);
    const [ref, got] = [await runOrt(bytes, feeds), await runOrt(all.bytes, feeds)];
    for (const name of ref.outputNames) {
      expect(maxAbsDiff(got.outputs[name].data as Float32Array, ref.outputs[name].data as Float32Array)).toBeLessThanOrEqual(1e-6);
    }
  });
});

/** Names of the initializers (any type: QDQ biases are int32) that differ between two models or exist in one only. */
function changedInitializers(a: ModelProto, b: ModelProto): string[] {
  const content = (t: TensorProto): Buffer => (t.dataType === 1 ? Buffer.from(readFloat32(t).buffer as ArrayBuffer) : Buffer.from(JSON.stringify([t.dataType, t.dims, t.rawData ? Array.from(t.rawData) : [], t.int32Data, t.int64Data?.map(String)])));
  const bytesOf = (m: ModelProto) => new Map(m.graph!.initializer.map((t) => [t.name, content(t)]));
  const [x, y] = [bytesOf(a), bytesOf(b)];
  return [...new Set([...x.keys(), ...y.keys()])].filter((n) => !x.get(n) || !y.get(n) || !x.get(n)!.equals(y.get(n)!)).sort();
}

describe('exclude on repair steps (digits-cnn)', () => {
  it.each<[TransformId, TransformId]>([['refit', 'prune-structured'], ['bias-correction', 'int8-qdq']])('%s after %s: excluding a layer takes back its changes and only those', async (repair, base) => {
    const m = await loadRealModel('digits-cnn');
    const ctx = { calibration: [m.feeds(16)], runner: ortRunner };
    const options = { samples: 16 };
    const damaged = decodeModel((await applyRecipe(m.bytes, [{ transform: base }], ctx)).bytes);
    const full = await applyRecipe(m.bytes, [{ transform: base }, { transform: repair, options }], ctx);
    const changed = full.steps[1].layers.filter((l) => l.action === 'changed').map((l) => l.node);
    expect(changed.length).toBeGreaterThanOrEqual(2);
    const one = await applyRecipe(m.bytes, [{ transform: base }, { transform: repair, options, exclude: [changed[0]] }], ctx);
    expect(one.steps[1].layers.find((l) => l.node === changed[0])).toMatchObject({ action: 'skipped', detail: EXCLUDED_DETAIL });
    const byFull = changedInitializers(damaged, decodeModel(full.bytes));
    const byOne = changedInitializers(damaged, decodeModel(one.bytes));
    expect(byOne.length).toBeGreaterThan(0); // the other layers are still repaired
    expect(byOne.every((n) => byFull.includes(n))).toBe(true); // nothing new is touched
    expect(byOne.length).toBeLessThan(byFull.length); // and the excluded layer's tensors are not
  });
});
