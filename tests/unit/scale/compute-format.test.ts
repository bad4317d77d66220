// int4 embedding rows (GatherBlockQuantized) and "download int4, run int8/fp32": ORT's own int4 kernels are the
// reference. Expanding MatMulNBits to fp32 must give what MatMulNBits computes; int8 stays close to it; the
// download bytes stay the int4 file.
import { describe, expect, it } from 'vitest';
import { computeFormatOf, prepareForLoad } from '../../../src/engine/compute-format';
import { DataType, create, decodeModel, encodeModel, makeNode, makeTensor } from '../../../src/engine/onnx';
import { applyRecipe } from '../../../src/engine/pipeline';
import { compareOutputs } from '../../../src/engine/scale/agreement';
import { generateTransformer } from '../../../src/engine/scale/generate';
import type { TransformerShape } from '../../../src/engine/scale/shape';
import { weightValues } from '../../../src/engine/scale/weights';
import { emptyCache, promptIds } from '../../../src/engine/scale/workload';
import type { Feeds } from '../../../src/engine/tensor-data';
import { createRunner } from '../../../src/runtime/ort';
import { LabService } from '../../../src/workers/lab-service';

const shape: TransformerShape = { kind: 'decoder', layers: 2, hidden: 64, heads: 2, ffn: 256, vocab: 96, positions: 32, sequence: 16, decodeTokens: 0 };
const int4 = (runAs: string, embeddings = 'int4') => [{ transform: 'int4' as const, options: { blockSize: 32, mode: 'asymmetric', embeddings, runAs } }];
const feeds: Feeds = { input_ids: { type: 'int64', dims: [1, shape.sequence], data: promptIds(shape) }, ...emptyCache(shape) };

async function logits(bytes: Uint8Array): Promise<Float32Array> {
  const m = await createRunner().open(bytes);
  try {
    return (await m.run(feeds)).logits.data as Float32Array;
  } finally {
    await m.close();
  }
}

const ops = (bytes: Uint8Array) => new Set(decodeModel(bytes).graph!.node.map((n) => n.opType));

describe('int4 embedding rows', () => {
  it('GatherBlockQuantized in ORT returns each row within half a block step of the float row', async () => {
    const [rows, d] = [40, 64];
    const table = weightValues(3, 'table', [rows, d], { kind: 'table' });
    const graph = create.graph({
      name: 'gather', node: [makeNode({ opType: 'Gather', inputs: ['table', 'ids'], outputs: ['y'], name: 'lookup', attributes: { axis: 0 } })],
      initializer: [makeTensor('table', DataType.FLOAT, [rows, d], table)],
      input: [create.valueInfo({ name: 'ids', type: { tensorType: { elemType: DataType.INT64, shape: { dim: [{ dimValue: 5 }] } } } })],
      output: [create.valueInfo({ name: 'y', type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimValue: 5 }, { dimValue: d }] } } } })],
    });
    const bytes = encodeModel(create.model({ irVersion: 8, opsetImport: [create.opset({ domain: '', version: 17 })], graph }));
    const out = await applyRecipe(bytes, int4('int4'));
    expect(ops(out.bytes)).toEqual(new Set(['GatherBlockQuantized']));
    expect(out.after.raw).toBeLessThan(bytes.length / 5);
    const ids = [0, 7, 39, 7, 12];
    const lookup = async (b: Uint8Array) => {
      const m = await createRunner().open(b);
      const y = (await m.run({ ids: { type: 'int64', dims: [5], data: BigInt64Array.from(ids.map(BigInt)) } })).y.data as Float32Array;
      await m.close();
      return y;
    };
    const y = await lookup(out.bytes);
    // The app's ORT bundle has no WASM kernel for it: loading expands it to a float32 table, with the same values.
    const expanded = await prepareForLoad(out.bytes, int4('int4'));
    expect(ops(expanded.bytes)).toEqual(new Set(['Gather']));
    expect(Array.from(await lookup(expanded.bytes))).toEqual(Array.from(y));
    // Asymmetric 4-bit over each block of 32: step = (max(hi,0) - min(lo,0)) / 15, rounding error <= step / 2.
    ids.forEach((row, i) => {
      for (let b = 0; b < d / 32; b++) {
        const block = table.subarray(row * d + b * 32, row * d + b * 32 + 32);
        const step = (Math.max(0, ...block) - Math.min(0, ...block)) / 15;
        block.forEach((x, j) => expect(Math.abs(y[i * d + b * 32 + j] - x)).toBeLessThanOrEqual(step / 2 + 1e-6));
      }
    });
  });
});

describe('download int4, run as int8 or fp32', () => {
  it('reads the compute format from the recipe', () => {
    expect(computeFormatOf([])).toBeUndefined();
    expect(computeFormatOf(int4('int4'))).toBe('int4');
    expect(computeFormatOf(int4('int8'))).toBe('int8');
    expect(computeFormatOf([{ transform: 'int4' }])).toBe('int4');
  });

  it('expands to fp32 = what MatMulNBits computes; to int8 = close to it; the download stays the int4 file', async () => {
    const fp32 = generateTransformer(shape, 4);
    const download = (await applyRecipe(fp32, int4('int8'))).bytes;
    const sameFile = (await applyRecipe(fp32, int4('int4'))).bytes;
    expect(download).toEqual(sameFile); // runAs changes nothing in the file
    expect(ops(download).has('MatMulNBits')).toBe(true);
    const before = download.slice();
    const asFp32 = await prepareForLoad(download, int4('fp32'));
    const asInt8 = await prepareForLoad(download, int4('int8'));
    const asInt4 = await prepareForLoad(download, int4('int4'));
    expect(download).toEqual(before);
    expect(asFp32.report).toEqual({ expanded: shape.layers * 4 + 1, embeddings: 2, kept: [] }); // qkv, out, up, down per layer + tied LM head; token + position tables
    expect(asInt4.report).toEqual({ expanded: 0, embeddings: 2, kept: [] });
    expect(ops(asInt4.bytes).has('MatMulNBits')).toBe(true);
    for (const p of [asFp32, asInt8]) expect(ops(p.bytes).has('MatMulNBits')).toBe(false);
    for (const p of [asInt4, asFp32, asInt8]) expect(ops(p.bytes).has('GatherBlockQuantized')).toBe(false);
    expect(ops(asInt8.bytes).has('MatMulInteger')).toBe(true);
    const [ref, viaFp32, viaInt8] = [await logits(asInt4.bytes), await logits(asFp32.bytes), await logits(asInt8.bytes)];
    const f = compareOutputs(ref, viaFp32, shape.vocab);
    const i8 = compareOutputs(ref, viaInt8, shape.vocab);
    console.log(`vs MatMulNBits: fp32 expansion rel. error ${f.relError.toExponential(2)}, int8 ${i8.relError.toExponential(2)} (top-1 ${i8.top1!.rate})`);
    expect(f.relError).toBeLessThan(1e-5); // same dequantized weights, float32 sums in another order
    expect(i8.relError).toBeLessThan(0.05);
    expect(i8.relError).toBeGreaterThan(f.relError); // int8 re-quantizes: not the same numbers
    const plain = (await applyRecipe(fp32, int4('int4', 'float32'))).bytes; // nothing to expand: the bytes load as they are
    expect(await prepareForLoad(plain, int4('int4'))).toMatchObject({ bytes: plain, format: 'int4' });
  });

  it('a comparison pane loads the expanded model and says so; the size it reports stays the download', async () => {
    const lab = new LabService();
    // 128 positions: an upload's synthetic inputs use the default sequence length (128) for the dynamic axis.
    const encoder: TransformerShape = { kind: 'encoder', layers: 1, hidden: 64, heads: 2, ffn: 128, vocab: 64, positions: 128, sequence: 8 };
    await lab.open({ kind: 'upload', name: 'encoder.onnx', bytes: generateTransformer(encoder, 5) });
    const report = await lab.compress(int4('int8'));
    const info = await lab.load({ backend: 'wasm' });
    expect(info.bytes).toBe(report.after.raw);
    expect(info.compute).toMatchObject({ format: 'int8', layers: encoder.layers * 6 + 1, embeddings: 2 }); // q k v o up down + pooler; word + token-type tables
    expect(info.compute!.bytes).toBeGreaterThan(info.bytes);
    expect((await lab.evaluate({ limit: 4 })).n).toBe(4);
    await lab.compress([]);
    expect((await lab.load({ backend: 'wasm' })).compute).toBeUndefined();
  });
});
