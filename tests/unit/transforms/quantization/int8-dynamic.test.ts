import { describe, expect, it } from 'vitest';
import { DataType, create, decodeModel, encodeModel, makeNode, makeTensor } from '../../../../src/engine/onnx';
import { applyTechnique, changedBytesRatio, compareWithReference } from '../helpers/apply';
import { randomFloats, valueInfo } from '../helpers/build';
import { convModel, mixedModel, mlpModel } from '../helpers/quant-nets';
import { cosine, maxAbs, maxAbsDiff, randomFeeds } from '../helpers/ort';

// Tolerance: int8 weights (error ~0.5% RMS per layer) and 8-bit activations per run: outputs must keep cosine
// similarity >= 0.99 with the float32 reference and stay within 5% of the output's largest magnitude.
const MIN_COSINE = 0.99;
const MAX_ERR = 0.05;

const ops = (bytes: Uint8Array) => decodeModel(bytes).graph!.node.map((n) => n.opType);

describe('int8-dynamic', () => {
  for (const granularity of ['per-channel', 'per-tensor']) {
    it(`quantizes MatMul and Gemm (transB, alpha, beta) ${granularity}: MatMulInteger, outputs close, <= 0.27x weight bytes`, async () => {
      const bytes = encodeModel(mlpModel());
      const { bytes: out, step } = await applyTechnique('int8-dynamic', bytes, { granularity });
      expect(ops(out).filter((o) => o === 'MatMulInteger')).toHaveLength(2);
      expect(ops(out)).not.toContain('Gemm');
      expect(step.layers.filter((l) => l.action === 'changed')).toHaveLength(2);
      expect(changedBytesRatio(step.layers)).toBeLessThanOrEqual(0.27);
      const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 1, 8));
      expect(cosine(Y.ref, Y.got)).toBeGreaterThanOrEqual(MIN_COSINE);
      expect(maxAbsDiff(Y.ref, Y.got)).toBeLessThanOrEqual(MAX_ERR * maxAbs(Y.ref));
    });
  }

  it('quantizes Conv to ConvInteger; per-channel beats per-tensor on a layer with very different channel ranges', async () => {
    const bytes = encodeModel(convModel());
    const feeds = randomFeeds(bytes, 2, 4);
    const result: Record<string, { err: number; worst: number; cos: number }> = {};
    for (const granularity of ['per-channel', 'per-tensor']) {
      const { bytes: out, step } = await applyTechnique('int8-dynamic', bytes, { granularity });
      expect(ops(out).filter((o) => o === 'ConvInteger')).toHaveLength(2);
      const { Y } = await compareWithReference(bytes, out, feeds);
      const conv1 = step.layers.find((l) => l.node === 'conv1')!;
      result[granularity] = { err: conv1.weightError!, worst: conv1.worstChannelError!, cos: cosine(Y.ref, Y.got) };
    }
    // Per tensor, the x0.01 channel falls below one quantization step of the x100 channel: it is wiped out.
    expect(result['per-tensor'].worst).toBeGreaterThan(0.5);
    expect(result['per-channel'].worst).toBeLessThan(0.01);
    expect(result['per-channel'].err).toBeLessThan(result['per-tensor'].err);
    expect(result['per-channel'].cos).toBeGreaterThanOrEqual(MIN_COSINE);
  });

  it('leaves convolutions alone when the option is off, and lists them as skipped', async () => {
    const bytes = encodeModel(convModel());
    const { bytes: out, step } = await applyTechnique('int8-dynamic', bytes, { conv: false });
    expect(ops(out)).not.toContain('ConvInteger');
    expect(step.layers.filter((l) => l.op === 'Conv').map((l) => [l.action, l.detail.en])).toEqual([
      ['skipped', 'convolutions are switched off in the options'], ['skipped', 'convolutions are switched off in the options'],
    ]);
    await compareWithReference(bytes, out, randomFeeds(bytes, 3, 2));
  });

  it('lists ops it does not handle (Gather embedding) as skipped, and the model still runs', async () => {
    const bytes = encodeModel(mixedModel());
    const { bytes: out, step } = await applyTechnique('int8-dynamic', bytes);
    expect(step.layers.find((l) => l.op === 'Gather')).toMatchObject({ action: 'skipped', detail: { en: 'Gather is not covered by int8 dynamic quantization' } });
    expect(step.layers.filter((l) => l.action === 'changed').map((l) => l.node)).toEqual(['fc1', 'fc2']);
    const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 4, 3));
    expect(cosine(Y.ref, Y.got)).toBeGreaterThanOrEqual(MIN_COSINE);
  });

  it('raises an opset-9 model (Clip with min/max attributes) to opset 11 and says so', async () => {
    const graph = create.graph({
      name: 'old', node: [
        makeNode({ opType: 'MatMul', inputs: ['X', 'W'], outputs: ['h'], name: 'fc' }),
        makeNode({ opType: 'Clip', inputs: ['h'], outputs: ['Y'], name: 'clip', floatAttributes: { min: -0.5, max: 0.75 } }),
      ],
      initializer: [makeTensor('W', DataType.FLOAT, [32, 16], randomFloats(512, 5, 0.3))],
      input: [valueInfo('X', DataType.FLOAT, ['N', 32])], output: [valueInfo('Y', DataType.FLOAT, ['N', 16])],
    });
    const bytes = encodeModel(create.model({ irVersion: 4, graph, opsetImport: [create.opset({ domain: '', version: 9 })] }));
    const { bytes: out, step } = await applyTechnique('int8-dynamic', bytes);
    expect(decodeModel(out).opsetImport[0].version).toBe(11);
    expect(step.warnings[0].en).toMatch(/from opset 9 to 11/);
    const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 5, 4));
    expect(cosine(Y.ref, Y.got)).toBeGreaterThanOrEqual(MIN_COSINE);
    expect(Math.max(...Y.got)).toBeLessThanOrEqual(0.75);
  });

  it('says when there is nothing to quantize and leaves the model unchanged', async () => {
    const graph = create.graph({
      name: 'relu', node: [makeNode({ opType: 'Relu', inputs: ['X'], outputs: ['Y'], name: 'relu' })],
      input: [valueInfo('X', DataType.FLOAT, [4])], output: [valueInfo('Y', DataType.FLOAT, [4])],
    });
    const bytes = encodeModel(create.model({ irVersion: 8, graph, opsetImport: [create.opset({ domain: '', version: 17 })] }));
    const { bytes: out, step } = await applyTechnique('int8-dynamic', bytes);
    expect(Buffer.compare(Buffer.from(out), Buffer.from(bytes))).toBe(0);
    expect(step.warnings[0].en).toMatch(/nothing to quantize/);
  });

  it('is deterministic and reports progress per layer', async () => {
    const bytes = encodeModel(convModel());
    const progress: string[] = [];
    const a = await applyTechnique('int8-dynamic', bytes, {}, { onProgress: (_f, m) => progress.push(m.en) });
    const b = await applyTechnique('int8-dynamic', bytes);
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
    // The technique's own messages, then the pipeline's closing 'done' (what a pane shows).
    expect(progress).toEqual(['int8: conv1', 'int8: conv2', 'int8: fc', 'done', 'done']);
  });

  it('stops between layers when cancelled', async () => {
    let calls = 0;
    const cancel = () => { if (++calls === 2) throw new Error('cancelled'); };
    await expect(applyTechnique('int8-dynamic', encodeModel(convModel()), {}, { checkCancelled: cancel })).rejects.toThrow('cancelled');
  });
});
