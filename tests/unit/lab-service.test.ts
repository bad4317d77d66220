import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LabService } from '../../src/workers/lab-service';
import { tinyModelBytes } from './fixtures/tiny-model';

// In the browser, registry URLs are fetched from the site; here they are files under the repo root.
beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string) => new Response(readFileSync(`.${new URL(url, 'http://x').pathname}`)));
});
afterEach(() => vi.clearAllMocks());

describe('comparison pane service: an uploaded model', () => {
  it('opens, runs on synthetic inputs and agrees perfectly with itself uncompressed', async () => {
    const lab = new LabService();
    const opened = await lab.open({ kind: 'upload', name: 'tiny.onnx', bytes: tinyModelBytes() });
    expect(opened).toMatchObject({ name: 'tiny.onnx', evalSamples: 0 });
    expect(opened.summary.inputs).toEqual([{ name: 'X', elemType: 'float', dims: ['N', 4] }]);
    expect(opened.summary).toMatchObject({ hasMatMul: true, hasConv: false, params: 4 * 3 + 3 + 2 });
    await lab.load({ backend: 'wasm' });
    const { prediction } = await lab.predict(3);
    expect(prediction.scores).toHaveLength(3);
    const result = await lab.evaluate({});
    expect(result).toMatchObject({ metric: 'agreement', value: 1, n: 16, agreement: { top1Match: 1, meanAbsDelta: 0 } });
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
