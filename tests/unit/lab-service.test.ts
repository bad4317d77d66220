import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LabService } from '../../src/workers/lab-service';
import { argmax } from '../../src/engine/classify';
import { decodeModel, readFloat32 } from '../../src/engine/onnx';
import { syntheticFeeds } from '../../src/engine/synthetic-inputs';
import { tinyModelBytes, tinyReference } from './fixtures/tiny-model';
import { stubSiteFetch } from './fixtures/site-fetch';

beforeAll(() => {
  stubSiteFetch();
});
afterEach(() => vi.clearAllMocks());

describe('comparison pane service: an uploaded model', () => {
  it('opens, runs on synthetic inputs, and measures agreement with fp32 as a plain-JS forward pass finds it', async () => {
    const lab = new LabService();
    const opened = await lab.open({ kind: 'upload', name: 'tiny.onnx', bytes: tinyModelBytes() });
    expect(opened).toMatchObject({ name: 'tiny.onnx', evalSamples: 0 });
    expect(opened.summary.inputs).toEqual([{ name: 'X', elemType: 'float', dims: ['N', 4] }]);
    expect(opened.summary).toMatchObject({ hasMatMul: true, hasConv: false, params: 4 * 3 + 3 + 2 });
    // Prune 9 of the 12 weights: the variant now disagrees with fp32 on some of the 16 synthetic inputs.
    await lab.compress([{ transform: 'prune-unstructured', options: { rate: 75 } }]);
    await lab.load({ backend: 'wasm' });
    const { prediction } = await lab.predict(3);
    expect(prediction.scores).toHaveLength(3);
    const result = await lab.evaluate({});

    // Independently: the same 16 synthetic inputs (seeds 1..16), fp32 and the variant's pruned W in plain JS.
    const w = readFloat32(decodeModel(await lab.variantBytes()).graph!.initializer.find((t) => t.name === 'W')!);
    expect(Array.from(w).filter((x) => x === 0)).toHaveLength(9);
    let same = 0, delta = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const x = syntheticFeeds(opened.summary.inputs, seed).X.data as Float32Array;
      const [ref, got] = [tinyReference(x), tinyReference(x, w)];
      if (argmax(ref) === argmax(got)) same++;
      for (let k = 0; k < 3; k++) delta += Math.abs(ref[k] - got[k]);
    }
    expect(same).toBeLessThan(16);
    expect(result).toMatchObject({ metric: 'agreement', n: 16, value: same / 16, agreement: { top1Match: same / 16, n: 16 } });
    expect(result.agreement!.meanAbsDelta).toBeCloseTo(delta / 48, 5);
    const stats = await lab.benchmark({ runs: 5, warmup: 1 });
    expect(stats.n).toBe(5);
  });

  it('says what to do first when steps come out of order', async () => {
    const lab = new LabService();
    await expect(lab.load({ backend: 'wasm' })).rejects.toThrow(/Choose a model first/);
    await lab.open({ kind: 'upload', name: 'tiny.onnx', bytes: tinyModelBytes() });
    await expect(lab.predict(1)).rejects.toThrow(/not loaded on a backend/);
    await expect(lab.open({ kind: 'upload', name: 'photo.png', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, ...new Array(30).fill(0)]) })).rejects.toThrow(/PNG image/);
  });
});
