// Mixed recipes: every technique leaves the layers named in `exclude` exactly as they are and reports them as
// skipped; excluding every layer it would change gives back the float32 model's outputs.
import { beforeAll, describe, expect, it } from 'vitest';
import { applyRecipe } from '../../../src/engine/pipeline';
import { decodeModel, readFloat32, tensorShape, type ModelProto } from '../../../src/engine/onnx';
import { EXCLUDED_DETAIL } from '../../../src/engine/transforms/exclude';
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

  it.each(TRANSFORMS.map((t) => t.meta.id))('%s: an excluded layer keeps its weight byte for byte; excluding all gives fp32 outputs', async (technique) => {
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
