import { describe, expect, it } from 'vitest';
import { DataType, create, decodeModel, encodeModel, makeNode, makeTensor, readFloat32, type GraphProto } from '../../../../src/engine/onnx';
import { applyTechnique, changedBytesRatio, compareWithReference } from '../helpers/apply';
import { randomFloats, valueInfo } from '../helpers/build';
import { convModel, mixedModel, mlpModel } from '../helpers/quant-nets';
import { cosine, floats, randomFeeds, runOrt } from '../helpers/ort';

// Tolerance: 4-bit weights carry ~8-10% relative RMSE per layer; outputs must keep cosine similarity >= 0.98.
const MIN_COSINE = 0.98;

function matmulModel(k: number, n: number, seed: number) {
  const graph = create.graph({
    name: 'mm', node: [makeNode({ opType: 'MatMul', inputs: ['X', 'W'], outputs: ['Y'], name: 'mm' })],
    initializer: [makeTensor('W', DataType.FLOAT, [k, n], randomFloats(k * n, seed, 0.5))],
    input: [valueInfo('X', DataType.FLOAT, ['N', k])], output: [valueInfo('Y', DataType.FLOAT, ['N', n])],
  });
  return encodeModel(create.model({ irVersion: 8, graph, opsetImport: [create.opset({ domain: '', version: 17 })] }));
}

/** Dequantizes MatMulNBits inputs by the layout ORT documents, independently of the engine's packing code. */
function dequantize(g: GraphProto, k: number, n: number, block: number): Float32Array {
  const node = g.node.find((x) => x.opType === 'MatMulNBits')!;
  const init = (name: string) => g.initializer.find((t) => t.name === name)!;
  const b = init(node.input[1]).rawData;
  const scales = readFloat32(init(node.input[2]));
  const zp = node.input[3] ? init(node.input[3]).rawData : null;
  const kBlocks = Math.ceil(k / block);
  const w = new Float32Array(k * n); // [K, N] like the original weight
  for (let col = 0; col < n; col++) {
    for (let kk = 0; kk < k; kk++) {
      const blk = Math.floor(kk / block);
      const j = kk % block;
      const byte = b[(col * kBlocks + blk) * (block / 2) + Math.floor(j / 2)];
      const q = j % 2 === 0 ? byte & 0xf : byte >> 4;
      const zpByte = zp ? zp[col * Math.ceil(kBlocks / 2) + Math.floor(blk / 2)] : 0;
      const z = zp ? (blk % 2 === 0 ? zpByte & 0xf : zpByte >> 4) : 8;
      w[kk * n + col] = (q - z) * scales[col * kBlocks + blk];
    }
  }
  return w;
}

describe('int4', () => {
  for (const [k, block, mode] of [[96, 32, 'asymmetric'], [96, 64, 'symmetric'], [200, 128, 'asymmetric'], [64, 32, 'symmetric']] as const) {
    it(`matches ORT's MatMulNBits layout exactly (K=${k}, block ${block}, ${mode})`, async () => {
      const n = 24;
      const bytes = matmulModel(k, n, k + block);
      const { bytes: out } = await applyTechnique('int4', bytes, { blockSize: block, mode });
      const m = decodeModel(out);
      expect(m.opsetImport.map((o) => [o.domain, o.version])).toContainEqual(['com.microsoft', 1]);
      const w = dequantize(m.graph!, k, n, block);
      const feeds = randomFeeds(bytes, 7, 3);
      const x = floats(feeds.X);
      const y = floats((await runOrt(out, feeds)).outputs.Y);
      for (let r = 0; r < 3; r++) for (let c = 0; c < n; c++) {
        let s = 0;
        for (let i = 0; i < k; i++) s += x[r * k + i] * w[i * n + c];
        expect(y[r * n + c]).toBeCloseTo(s, 4);
      }
    });
  }

  it('quantizes MatMul and Gemm (transB, alpha, beta) of the MLP: <= 0.165x MatMul weight bytes, outputs close', async () => {
    const bytes = encodeModel(mlpModel());
    const { bytes: out, step } = await applyTechnique('int4', bytes);
    expect(decodeModel(out).graph!.node.filter((n) => n.opType === 'MatMulNBits')).toHaveLength(2);
    expect(step.layers.map((l) => l.action)).toEqual(['changed', 'changed']);
    // Block 32, asymmetric: 16 bytes of codes + 4 of scale + 0.5 of zero point per 128 bytes of float32.
    expect(changedBytesRatio(step.layers)).toBeLessThanOrEqual(0.165);
    const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 1, 8));
    expect(cosine(Y.ref, Y.got)).toBeGreaterThanOrEqual(MIN_COSINE);
  });

  it('does not shrink convolutions: Conv layers are listed as skipped and the user is told', async () => {
    const bytes = encodeModel(convModel());
    const { bytes: out, step } = await applyTechnique('int4', bytes);
    expect(step.layers.filter((l) => l.op === 'Conv').map((l) => [l.action, l.detail.en])).toEqual([
      ['skipped', 'int4 (MatMulNBits) does not cover convolutions'], ['skipped', 'int4 (MatMulNBits) does not cover convolutions'],
    ]);
    expect(step.warnings[0].en).toMatch(/int4 does not shrink convolutions/);
    await compareWithReference(bytes, out, randomFeeds(bytes, 2, 2));
  });

  it('leaves a model without MatMul unchanged and says why', async () => {
    const model = convModel();
    model.graph!.node = model.graph!.node.filter((n) => n.opType !== 'Gemm');
    model.graph!.node.at(-1)!.output[0] = 'Y';
    model.graph!.output[0] = valueInfo('Y', DataType.FLOAT, ['N', 16]);
    const bytes = encodeModel(model);
    const { bytes: out, step } = await applyTechnique('int4', bytes);
    expect(Buffer.compare(Buffer.from(out), Buffer.from(bytes))).toBe(0);
    expect(step.warnings[0].en).toMatch(/no MatMul\/Gemm with a constant weight: it is left unchanged/);
  });

  it('skips embeddings (Gather) and too-small K with the reason, and the model still runs', async () => {
    const model = mixedModel();
    model.graph!.node.push(makeNode({ opType: 'MatMul', inputs: ['Y', 'W3'], outputs: ['Z'], name: 'tiny' }));
    model.graph!.initializer.push(makeTensor('W3', DataType.FLOAT, [8, 4], randomFloats(32, 9)));
    model.graph!.output.push(valueInfo('Z', DataType.FLOAT, ['N', 4]));
    const bytes = encodeModel(model);
    const { bytes: out, step } = await applyTechnique('int4', bytes);
    expect(step.layers.find((l) => l.op === 'Gather')?.detail.en).toBe('embedding (Gather) tables are not covered by MatMulNBits');
    expect(step.layers.find((l) => l.node === 'tiny')?.detail.en).toBe('K=8 is below 16: too small for 4-bit blocks');
    expect(step.layers.filter((l) => l.action === 'changed').map((l) => l.node)).toEqual(['fc1', 'fc2']);
    const { Y } = await compareWithReference(bytes, out, randomFeeds(bytes, 4, 3));
    expect(cosine(Y.ref, Y.got)).toBeGreaterThanOrEqual(MIN_COSINE);
  });

  it('is deterministic', async () => {
    const bytes = encodeModel(mlpModel());
    const a = await applyTechnique('int4', bytes, { blockSize: 64 });
    const b = await applyTechnique('int4', bytes, { blockSize: 64 });
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
  });
});
