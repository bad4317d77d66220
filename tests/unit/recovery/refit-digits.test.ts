// The refit on the committed digits CNN: kept channels are recovered from the weights alone (checked against the
// L1-norm choice computed here), and held-out accuracy after structured pruning comes back most of the way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyRecipe } from '../../../src/engine/pipeline';
import { decodeModel, readFloat32 } from '../../../src/engine/onnx';
import { mapChannels } from '../../../src/engine/transforms/layer-fit/channel-map';
import { calibrationIndices } from '../../../src/models/calibration-set';
import { digitsAdapter } from '../../../src/models/digits/adapter';
import { evaluate } from '../../../src/models/evaluate';
import { createRunner } from '../../../src/runtime/ort';

const bytes = new Uint8Array(readFileSync('models/digits/model.onnx'));
const samples = digitsAdapter.parseEvalSet(new Uint8Array(readFileSync('models/digits/eval.bin')));
const runner = createRunner({ backend: 'wasm', threads: 1 });

describe('refit on the digits CNN', () => {
  it('finds the channels structured pruning kept by matching weights', async () => {
    const pruned = await applyRecipe(bytes, [{ transform: 'prune-structured', options: { rate: 50 } }]);
    const ref = decodeModel(bytes).graph!;
    const w = readFloat32(ref.initializer.find((t) => t.name === 'conv1.weight')!); // [8,1,3,3]
    const norms = Array.from({ length: 8 }, (_, o) => w.slice(o * 9, o * 9 + 9).reduce((s, v) => s + Math.abs(v), 0));
    const drop = new Set([...norms.keys()].sort((a, b) => norms[a] - norms[b] || a - b).slice(0, 4));
    const map = mapChannels(ref, decodeModel(pruned.bytes).graph!);
    expect(Array.from(map.kept.get('conv1_out')!)).toEqual([...norms.keys()].filter((o) => !drop.has(o)));
    expect(map.kept.get('conv2_out')!.length).toBe(8);
    expect(Array.from(map.kept.get('logits')!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(map.problems.size).toBe(0);
  });

  it('brings held-out accuracy after 50% structured pruning from about 40% back above 90%', async () => {
    const picked = calibrationIndices(samples.length, 256);
    const calibration = picked.map((i) => digitsAdapter.toFeeds([samples[i].input]));
    const used = new Set(picked);
    const held = samples.filter((_, i) => !used.has(i)).slice(0, 600);
    const accuracy = async (recipe: Parameters<typeof applyRecipe>[1]) => {
      const open = await runner.open((await applyRecipe(bytes, recipe, { calibration, runner })).bytes);
      const r = await evaluate(digitsAdapter, open, held);
      await open.close();
      return r.value;
    };
    const prune = { transform: 'prune-structured' as const, options: { rate: 50 } };
    const before = await accuracy([prune]);
    const after = await accuracy([prune, { transform: 'refit', options: { samples: 256 } }]);
    expect(before).toBeLessThan(0.5);
    expect(after).toBeGreaterThan(0.9);
  });
});
