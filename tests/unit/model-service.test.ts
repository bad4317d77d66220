import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelService } from '../../src/workers/model-service';
import { digitsAdapter } from '../../src/models/digits/adapter';
import { tinyModelBytes } from './fixtures/tiny-model';

const modelBytes = new Uint8Array(readFileSync('models/digits/model.onnx'));
const samples = digitsAdapter.parseEvalSet(new Uint8Array(readFileSync('models/digits/eval.bin')));
const service = new ModelService();
afterAll(() => service.unload());

describe('model worker service (runs in the worker; here in Node on ORT-web WASM)', () => {
  it('loads the digits model and classifies held-out digits', async () => {
    const info = await service.load(modelBytes, { backend: 'wasm', threads: 1 });
    expect(info).toMatchObject({ backend: 'wasm', inputNames: ['input'], outputNames: ['logits'], bytes: modelBytes.length });
    const batch = samples.slice(0, 10);
    const result = await service.run(digitsAdapter.toFeeds(batch.map((s) => s.input)));
    expect(result.outputs.logits.dims).toEqual([10, 10]);
    const predicted = digitsAdapter.decode(result.outputs, 10).map((p) => p.label);
    expect(predicted.filter((p, i) => p === batch[i].label).length).toBeGreaterThanOrEqual(9);
    expect(result.ms).toBeGreaterThan(0);
  });

  it('benchmarks after warm-up with median <= p95 and reports progress', async () => {
    const progress: number[] = [];
    const stats = await service.benchmark(digitsAdapter.toFeeds([samples[0].input]), { runs: 12, warmup: 3 }, (d) => progress.push(d));
    expect(stats).toMatchObject({ n: 12, warmup: 3 });
    expect(stats.medianMs).toBeGreaterThan(0);
    expect(stats.p95Ms).toBeGreaterThanOrEqual(stats.medianMs);
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('turns bad input into clear errors and stays usable', async () => {
    await expect(service.load(new TextEncoder().encode('<html>not a model</html>'), { backend: 'wasm' })).rejects.toThrow(/not an ONNX model/);
    await expect(service.run({})).rejects.toThrow(/No model is loaded/);
    await expect(service.load(modelBytes.subarray(0, 5000), { backend: 'wasm' })).rejects.toThrow(/damaged or truncated/);
    await service.load(modelBytes, { backend: 'wasm' });
    await expect(service.run({ input: { type: 'float32', dims: [1, 3, 28, 28], data: new Float32Array(3 * 784) } })).rejects.toThrow();
    // Still works after the failed run.
    const ok = await service.run(digitsAdapter.toFeeds([samples[1].input]));
    expect(ok.outputs.logits.dims).toEqual([1, 10]);
  });

  it('runs a hand-built model too (not just the bundled one)', async () => {
    await service.load(tinyModelBytes(), { backend: 'wasm' });
    const out = await service.run({ X: { type: 'float32', dims: [1, 4], data: Float32Array.from([1, 2, 3, 4]) } });
    expect(out.outputs.Y.dims).toEqual([1, 3]);
  });

  it('names an operator ORT does not have', async () => {
    const { decodeModel, encodeModel } = await import('../../src/engine/onnx');
    const model = decodeModel(tinyModelBytes());
    model.graph!.node.find((n) => n.opType === 'Relu')!.opType = 'MadeUpOp';
    await expect(service.load(encodeModel(model), { backend: 'wasm' })).rejects.toThrow(/MadeUpOp/);
  });
});
