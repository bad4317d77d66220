// Bias correction: after it, a quantized layer's output has (up to float32 / int32 rounding) zero mean error per
// channel on the calibration samples against the float model, computed here independently; where the layer has no
// bias an Add carries the correction; a float model gets a plain "nothing to correct".
import { describe, expect, it } from 'vitest';
import { applyRecipe, type Recipe } from '../../../src/engine/pipeline';
import { decodeModel } from '../../../src/engine/onnx';
import { createRunner } from '../../../src/runtime/ort';
import { cnnBytes, conv3x3, CNN, feeds, linearBytes, linearOutput, mlpBytes, mlpOutput, seeded } from './graphs';

const runner = createRunner({ backend: 'wasm', threads: 1 });

/** Per-channel mean of (model output − expected) over the samples; `channelOf` maps a flat output index to its channel. */
async function meanError(bytes: Uint8Array, inputs: Float32Array[], dims: number[], expected: (x: Float32Array) => number[], channels: number, channelOf: (i: number) => number) {
  const open = await runner.open(bytes);
  const sum = new Float64Array(channels);
  const count = new Float64Array(channels);
  for (const x of inputs) {
    const y = (await open.run(feeds(x, dims))).Y.data as Float32Array;
    const want = expected(x);
    y.forEach((v, i) => { sum[channelOf(i)] += v - want[i]; count[channelOf(i)]++; });
  }
  await open.close();
  return Array.from(sum, (s, c) => s / count[c]);
}

const maxAbs = (xs: number[]) => Math.max(...xs.map(Math.abs));

describe('bias correction after quantization', () => {
  it('zeroes the mean output error of int8-dynamic Gemm layers on the calibration samples', async () => {
    const xs = Array.from({ length: 32 }, (_, i) => seeded(4, 300 + i));
    const quant: Recipe = [{ transform: 'int8-dynamic', options: { granularity: 'per-tensor' } }];
    const ctx = { calibration: xs.map((x) => feeds(x, [1, 4])), runner };
    const before = await meanError((await applyRecipe(mlpBytes(), quant, ctx)).bytes, xs, [1, 4], mlpOutput, 3, (i) => i);
    const corrected = await applyRecipe(mlpBytes(), [...quant, { transform: 'bias-correction', options: { samples: 32 } }], ctx);
    const after = await meanError(corrected.bytes, xs, [1, 4], mlpOutput, 3, (i) => i);
    expect(maxAbs(before)).toBeGreaterThan(1e-3); // int8 really shifted the outputs
    expect(maxAbs(after)).toBeLessThan(1e-5);
    const rows = corrected.steps[1].layers;
    expect(rows.map((l) => [l.node, l.action])).toEqual([['g1', 'changed'], ['g2', 'changed']]);
    expect(rows.every((l) => l.outputErrorAfter! <= l.outputErrorBefore!)).toBe(true);
  });

  it('shifts the int32 bias of int8 QDQ convolutions and cuts their mean output error', async () => {
    const xs = Array.from({ length: 8 }, (_, i) => seeded(50, 400 + i));
    const expected = (x: Float32Array) => {
      const h = conv3x3(x, 2, CNN.w1, CNN.b1, [0, 1, 2, 3], [0, 1]).map((p) => p.map((v) => Math.max(0, v)));
      return conv3x3(h.flat(), 4, CNN.w2, CNN.b2, [0, 1, 2], [0, 1, 2, 3]).flat();
    };
    const quant: Recipe = [{ transform: 'int8-qdq', options: { granularity: 'per-channel' } }];
    const ctx = { calibration: xs.map((x) => feeds(x, [1, 2, 5, 5])), runner };
    const before = await meanError((await applyRecipe(cnnBytes(), quant, ctx)).bytes, xs, [1, 2, 5, 5], expected, 3, (i) => Math.floor(i / 25));
    const corrected = await applyRecipe(cnnBytes(), [...quant, { transform: 'bias-correction', options: { samples: 16 } }], ctx);
    const after = await meanError(corrected.bytes, xs, [1, 2, 5, 5], expected, 3, (i) => Math.floor(i / 25));
    expect(corrected.steps[1].layers.map((l) => l.detail.en.split(' by ')[0])).toEqual(['int32 bias shifted', 'int32 bias shifted']);
    expect(maxAbs(after)).toBeLessThan(maxAbs(before) / 4);
  });

  it('adds a bias (an Add after the layer) to a quantized MatMul that has none', async () => {
    const xs = Array.from({ length: 32 }, (_, i) => seeded(6, 500 + i));
    const recipe: Recipe = [{ transform: 'int8-dynamic', options: { granularity: 'per-tensor' } }, { transform: 'bias-correction', options: { samples: 32 } }];
    const corrected = await applyRecipe(linearBytes(), recipe, { calibration: xs.map((x) => feeds(x, [1, 6])), runner });
    expect(corrected.steps[1].layers[0].detail.en).toMatch(/^bias added \(an Add after the layer\)/);
    expect(decodeModel(corrected.bytes).graph!.node.at(-1)).toMatchObject({ opType: 'Add', output: ['Y'] });
    expect(maxAbs(await meanError(corrected.bytes, xs, [1, 6], linearOutput, 4, (i) => i))).toBeLessThan(1e-5);
  });

  it('says there is nothing to correct in a float model', async () => {
    const result = await applyRecipe(mlpBytes(), [{ transform: 'bias-correction' }], { calibration: [feeds(seeded(4, 1), [1, 4])], runner });
    expect(result.steps[0].layers).toEqual([]);
    expect(result.steps[0].warnings[0].en).toMatch(/^Nothing to correct/);
  });
});
