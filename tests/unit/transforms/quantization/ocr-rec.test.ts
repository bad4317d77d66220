// The real PP-OCRv4 recognition model (10.8 MB, opset 9, weights in Constant nodes, Conv + attention MatMuls):
// input x [N,3,48,W], output [N,T,6625] character probabilities per time step.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../../src/engine/onnx';
import type { Feeds } from '../../../../src/engine/tensor-data';
import { raiseOpset } from '../../../../src/engine/transforms/quant/opset';
import { applyTechnique, changedBytesRatio, compareWithReference } from '../helpers/quant-apply';
import { randomFloats } from '../helpers/quant-models';
import { OCR_REC_MODEL, argmaxAgreement, cosine, floats, maxAbsDiff, ortRunner, runOrt } from '../helpers/quant-ort';

const CLASSES = 6625;
const image = (seed: number): Feeds => ({ x: { type: 'float32', dims: [1, 3, 48, 160], data: randomFloats(3 * 48 * 160, seed) } });
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe.skipIf(!existsSync(OCR_REC_MODEL))('PP-OCRv4 recognition model', () => {
  let bytes: Uint8Array;
  const feeds = image(1);
  beforeAll(() => { bytes = new Uint8Array(readFileSync(OCR_REC_MODEL)); });

  async function probabilities(out: Uint8Array) {
    const pairs = await compareWithReference(bytes, out, feeds);
    const [{ ref, got }] = Object.values(pairs);
    return { ref, got, cos: cosine(ref, got), agree: argmaxAgreement(ref, got, CLASSES), maxDiff: maxAbsDiff(ref, got) };
  }

  it('raising opset 9 -> 13 (Clip, Slice, Squeeze, Softmax rewritten) changes no output value', async () => {
    const model = decodeModel(bytes);
    expect(raiseOpset(model, 13)).toBeNull();
    const [a, b] = [await runOrt(bytes, feeds), await runOrt(encodeModel(model), feeds)];
    const name = Object.keys(a.outputs)[0];
    expect(Array.from(floats(b.outputs[name]))).toEqual(Array.from(floats(a.outputs[name])));
  });

  // Tolerance: probabilities within 0.01 absolute, the same character at every time step.
  it('fp16: half the weight bytes, probabilities within 0.01, same argmax at every step, deterministic', async () => {
    const a = await applyTechnique('fp16', bytes);
    const b = await applyTechnique('fp16', bytes);
    expect(same(a.bytes, b.bytes)).toBe(true);
    expect(changedBytesRatio(a.outcome.layers)).toBe(0.5);
    const r = await probabilities(a.bytes);
    expect(r.maxDiff).toBeLessThanOrEqual(0.01);
    expect(r.agree).toBe(1);
  });

  // Tolerance (int8): cosine >= 0.99 and the same character at >= 95% of the time steps.
  it('int8-dynamic: <= 0.27x weight bytes, cosine >= 0.99, argmax agreement >= 95%, deterministic', async () => {
    const a = await applyTechnique('int8-dynamic', bytes);
    const b = await applyTechnique('int8-dynamic', bytes);
    expect(same(a.bytes, b.bytes)).toBe(true);
    expect(a.outcome.layers.filter((l) => l.action === 'changed')).toHaveLength(38 + 9); // every Conv + weight MatMul
    expect(changedBytesRatio(a.outcome.layers)).toBeLessThanOrEqual(0.27);
    const r = await probabilities(a.bytes);
    expect(r.cos).toBeGreaterThanOrEqual(0.99);
    expect(r.agree).toBeGreaterThanOrEqual(0.95);
  });

  it('int8-qdq per-channel with 2 random calibration images: <= 0.27x bytes, cosine >= 0.99, agreement >= 95%, deterministic', async () => {
    const ctx = { calibration: [image(7), image(11)], runner: ortRunner };
    const a = await applyTechnique('int8-qdq', bytes, { granularity: 'per-channel' }, ctx);
    const b = await applyTechnique('int8-qdq', bytes, { granularity: 'per-channel' }, ctx);
    expect(same(a.bytes, b.bytes)).toBe(true);
    expect(decodeModel(a.bytes).opsetImport[0].version).toBe(13);
    expect(changedBytesRatio(a.outcome.layers)).toBeLessThanOrEqual(0.27);
    const r = await probabilities(a.bytes);
    expect(r.cos).toBeGreaterThanOrEqual(0.99);
    expect(r.agree).toBeGreaterThanOrEqual(0.95);
  });

  it('int4: shrinks the 9 weight MatMuls (K=120 padded to whole blocks), skips the convolutions and says so', async () => {
    const a = await applyTechnique('int4', bytes);
    const b = await applyTechnique('int4', bytes);
    expect(same(a.bytes, b.bytes)).toBe(true);
    const changed = a.outcome.layers.filter((l) => l.action === 'changed');
    expect(changed.map((l) => l.op)).toEqual(new Array(9).fill('MatMul'));
    expect(a.outcome.layers.filter((l) => l.op === 'Conv').every((l) => l.action === 'skipped')).toBe(true);
    expect(a.outcome.warnings.map((w) => w.en).join(' ')).toMatch(/int4 does not shrink convolutions/);
    // Block 32, asymmetric: 0.16x, plus padding K=120 -> 128 (6.7%).
    expect(changedBytesRatio(a.outcome.layers)).toBeLessThanOrEqual(0.175);
    const r = await probabilities(a.bytes);
    expect(r.cos).toBeGreaterThanOrEqual(0.99);
    expect(r.agree).toBeGreaterThanOrEqual(0.95);
  });
});
