import { describe, expect, it } from 'vitest';
import { DataType, decodeModel, encodeModel } from '../../../../src/engine/onnx';
import { applyTechnique, changedBytesRatio, compareWithReference } from '../helpers/apply';
import { convModel, mixedModel, mlpModel } from '../helpers/quant-nets';
import { cosine, maxAbs, maxAbsDiff, ortRunner, randomFeeds } from '../helpers/ort';

// Tolerance: int8 weights plus calibrated 8-bit activations on every quantized input/output. Outputs must keep
// cosine similarity >= 0.99 with the float32 reference and stay within 5% of the output's largest magnitude.
const MIN_COSINE = 0.99;
const MAX_ERR = 0.05;

// Min-max calibration clips whatever the samples did not reach: 16 samples cover these random-input models.
const calibrationFor = (bytes: Uint8Array, n = 16, batch = 2) => Array.from({ length: n }, (_, i) => randomFeeds(bytes, 100 + i, batch));
const ops = (bytes: Uint8Array) => decodeModel(bytes).graph!.node.map((n) => n.opType);

describe('int8-qdq', () => {
  it('quantizes the MLP: int8 weights behind DequantizeLinear, Q/DQ on activations, outputs close, <= 0.28x bytes', async () => {
    const bytes = encodeModel(mlpModel());
    const { bytes: out, step } = await applyTechnique('int8-qdq', bytes, {}, { calibration: calibrationFor(bytes), runner: ortRunner });
    const g = decodeModel(out).graph!;
    expect(g.initializer.filter((t) => t.dataType === DataType.INT8 && t.dims.length === 2)).toHaveLength(2);
    expect(ops(out).filter((o) => o === 'QuantizeLinear').length).toBeGreaterThanOrEqual(2);
    // 0.25 plus a float32 scale and an int8 zero point per output channel (W2 has only 32 weights per channel).
    expect(changedBytesRatio(step.layers)).toBeLessThanOrEqual(0.28);
    const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 1, 8));
    expect(cosine(Y.ref, Y.got)).toBeGreaterThanOrEqual(MIN_COSINE);
    expect(maxAbsDiff(Y.ref, Y.got)).toBeLessThanOrEqual(MAX_ERR * maxAbs(Y.ref));
  });

  it('per-channel keeps every channel of a layer with very different channel ranges; per-tensor wipes some out', async () => {
    const bytes = encodeModel(convModel());
    const ctx = { calibration: calibrationFor(bytes), runner: ortRunner };
    const layers: Record<string, { err: number; worst: number; ratio: number; cos: number }> = {};
    for (const granularity of ['per-channel', 'per-tensor']) {
      const { bytes: out, step } = await applyTechnique('int8-qdq', bytes, { granularity }, ctx);
      const conv1 = step.layers.find((l) => l.node === 'conv1')!;
      const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 2, 4));
      layers[granularity] = { err: conv1.weightError!, worst: conv1.worstChannelError!, ratio: changedBytesRatio(step.layers), cos: cosine(Y.ref, Y.got) };
      expect(conv1.detail.en).toMatch(granularity === 'per-channel' ? /per-channel int8 \(8 channels\)/ : /per-tensor int8/);
    }
    expect(layers['per-tensor'].worst).toBeGreaterThan(0.5);
    expect(layers['per-channel'].worst).toBeLessThan(0.01);
    expect(layers['per-channel'].err).toBeLessThan(layers['per-tensor'].err);
    expect(layers['per-channel'].cos).toBeGreaterThanOrEqual(MIN_COSINE);
    // Tiny layers (27 weights per channel here) pay visibly for per-channel scales and zero points.
    expect(layers['per-tensor'].ratio).toBeLessThanOrEqual(0.27);
    expect(layers['per-channel'].ratio).toBeLessThanOrEqual(0.3);
  });

  for (const [activations, calibration] of [['uint8', 'percentile'], ['int8-symmetric', 'minmax'], ['int8', 'percentile']]) {
    it(`runs with ${activations} activations and ${calibration} calibration`, async () => {
      const bytes = encodeModel(convModel());
      const { bytes: out } = await applyTechnique('int8-qdq', bytes, { activations, calibration, percentile: 99.9 }, { calibration: calibrationFor(bytes), runner: ortRunner });
      const zpTypes = decodeModel(out).graph!.node.filter((n) => n.opType === 'QuantizeLinear').map((n) => decodeModel(out).graph!.initializer.find((t) => t.name === n.input[2])!.dataType);
      expect(new Set(zpTypes)).toEqual(new Set([activations === 'uint8' ? DataType.UINT8 : DataType.INT8]));
      const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 3, 4));
      expect(cosine(Y.ref, Y.got)).toBeGreaterThanOrEqual(MIN_COSINE);
    });
  }

  it('fails with a clear message, before touching the model, when calibration data is missing or incomplete', async () => {
    const bytes = encodeModel(mixedModel());
    await expect(applyTechnique('int8-qdq', bytes)).rejects.toThrow(/needs calibration data: a few typical sample inputs/);
    await expect(applyTechnique('int8-qdq', bytes, {}, { calibration: [], runner: ortRunner })).rejects.toThrow(/use int8 dynamic instead/);
    const onlyX = [{ X: randomFeeds(bytes, 1).X }];
    await expect(applyTechnique('int8-qdq', bytes, {}, { calibration: onlyX, runner: ortRunner })).rejects.toThrow('Calibration sample 1 lacks input "ids" (the model\'s inputs are: X, ids).');
  });

  it('lists ops it does not handle (Gather embedding) as skipped, and the model still runs', async () => {
    const bytes = encodeModel(mixedModel());
    const { bytes: out, step } = await applyTechnique('int8-qdq', bytes, {}, { calibration: calibrationFor(bytes), runner: ortRunner });
    expect(step.layers.find((l) => l.op === 'Gather')).toMatchObject({ action: 'skipped', detail: { en: 'Gather is not covered by int8 QDQ quantization' } });
    expect(step.layers.filter((l) => l.action === 'changed').map((l) => l.node)).toEqual(['fc1', 'fc2']);
    const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 4, 3));
    expect(cosine(Y.ref, Y.got)).toBeGreaterThanOrEqual(MIN_COSINE);
  });

  it('is deterministic: same model and calibration give identical bytes', async () => {
    const bytes = encodeModel(convModel());
    const ctx = { calibration: calibrationFor(bytes, 2), runner: ortRunner };
    const a = await applyTechnique('int8-qdq', bytes, { calibration: 'percentile' }, ctx);
    const b = await applyTechnique('int8-qdq', bytes, { calibration: 'percentile' }, ctx);
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
  });
});
