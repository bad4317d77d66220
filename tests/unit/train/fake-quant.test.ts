// Simulated quantization must be what the quantization step really stores: the fake-quantized weights equal
// the weights dequantized from the int4 (MatMulNBits) and int8 (MatMulInteger) models the transforms write.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModel, readFloat32, readIntegers, tensorShape, type ModelProto } from '../../../src/engine/onnx';
import { applyRecipe } from '../../../src/engine/pipeline';
import { fakeQuantizer } from '../../../src/engine/train/fake-quant';

const bytes = new Uint8Array(readFileSync('models/langid/model.onnx'));
const float = decodeModel(bytes);
const tensor = (m: ModelProto, name: string) => m.graph!.initializer.find((t) => t.name === name)!;
const weight = readFloat32(tensor(float, 'dense1.weight')); // Gemm transB=1: [120 outputs, 620 inputs]

describe('fake quantization matches the stored quantized weights', () => {
  for (const [blockSize, mode] of [[32, 'asymmetric'], [128, 'symmetric']] as const) {
    it(`int4 block ${blockSize} ${mode}`, async () => {
      const q = decodeModel((await applyRecipe(bytes, [{ transform: 'int4', options: { blockSize, mode } }])).bytes);
      const packed = new Uint8Array(readIntegers(tensor(q, 'dense1.weight_Q4')));
      const scales = readFloat32(tensor(q, 'dense1.weight_scales'));
      const zps = mode === 'asymmetric' ? readIntegers(tensor(q, 'dense1.weight_zero_points')) : undefined;
      const kBlocks = Math.ceil(620 / blockSize), zpBlob = Math.ceil(kBlocks / 2);
      const stored = new Float32Array(120 * 620);
      for (let n = 0; n < 120; n++) for (let k = 0; k < 620; k++) {
        const b = Math.floor(k / blockSize), j = k % blockSize;
        const nibble = (packed[(n * kBlocks + b) * (blockSize / 2) + (j >> 1)] >> ((j & 1) * 4)) & 15;
        const zp = zps ? (zps[n * zpBlob + (b >> 1)] >> ((b & 1) * 4)) & 15 : 8;
        stored[n * 620 + k] = (nibble - zp) * scales[n * kBlocks + b];
      }
      const fake = fakeQuantizer(float, 'dense1.weight', [120, 620], { kind: 'int4', blockSize, symmetric: mode === 'symmetric' })(weight);
      expect(Array.from(fake)).toEqual(Array.from(stored));
      expect(fake.some((v, i) => v !== weight[i]), 'quantization changes the weights').toBe(true);
    });
  }

  it('int4 on a MatMul weight stored [K, N] (a low-rank factor): blocks run down the columns', async () => {
    const lowRank = (await applyRecipe(bytes, [{ transform: 'low-rank', options: { energy: 90 } }])).bytes;
    const fm = decodeModel(lowRank);
    const name = 'dense1.weight_lowrank_a';
    const [k, n] = tensorShape(tensor(fm, name));
    const q = decodeModel((await applyRecipe(lowRank, [{ transform: 'int4', options: { blockSize: 32, mode: 'symmetric' } }])).bytes);
    const packed = new Uint8Array(readIntegers(tensor(q, `${name}_Q4`)));
    const scales = readFloat32(tensor(q, `${name}_scales`));
    const kBlocks = Math.ceil(k / 32);
    const stored = new Float32Array(k * n);
    for (let c = 0; c < n; c++) for (let i = 0; i < k; i++) {
      const b = Math.floor(i / 32), j = i % 32;
      stored[i * n + c] = (((packed[(c * kBlocks + b) * 16 + (j >> 1)] >> ((j & 1) * 4)) & 15) - 8) * scales[c * kBlocks + b];
    }
    const fake = fakeQuantizer(fm, name, [k, n], { kind: 'int4', blockSize: 32, symmetric: true })(readFloat32(tensor(fm, name)));
    expect(Array.from(fake)).toEqual(Array.from(stored));
  });

  for (const granularity of ['per-channel', 'per-tensor'] as const) {
    it(`int8 dynamic, ${granularity}`, async () => {
      const q = decodeModel((await applyRecipe(bytes, [{ transform: 'int8-dynamic', options: { granularity } }])).bytes);
      const values = readIntegers(tensor(q, 'dense1.weight_quantized')); // [620 inputs, 120 outputs]
      const scales = readFloat32(tensor(q, 'dense1.weight_scale'));
      const stored = new Float32Array(120 * 620);
      for (let n = 0; n < 120; n++) for (let k = 0; k < 620; k++) stored[n * 620 + k] = values[k * 120 + n] * scales[granularity === 'per-channel' ? n : 0];
      const fake = fakeQuantizer(float, 'dense1.weight', [120, 620], { kind: 'int8', perChannel: granularity === 'per-channel' })(weight);
      expect(Array.from(fake)).toEqual(Array.from(stored));
    });
  }
});
