import { describe, expect, it } from 'vitest';
import { DataType, makeTensor, halfToFloat } from '../../../../src/engine/onnx';
import { activationParams, quantizeSymmetric, relativeRmse, rint, worstChannelError } from '../../../../src/engine/transforms/quant/math';
import { toHalfTensor } from '../../../../src/engine/transforms/fp16/half';
import { quantizeInt4Blocks } from '../../../../src/engine/transforms/int4/pack';

describe('quantization arithmetic', () => {
  it('rounds half to even, like numpy.rint and ORT', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, -2.5001, 126.5, 127.5].map(rint)).toEqual([0, 2, 2, 0, -2, -2, 2, -3, 126, 128]);
  });

  it('quantizes symmetric int8 per channel (axis 1 of a [K,N] weight) and per tensor', () => {
    const w = Float32Array.from([1, 0.01, -0.5, -0.02, 0.25, 0.005]); // [3,2]: column 0 is 100x column 1
    const perChannel = quantizeSymmetric(w, [3, 2], 1, true);
    expect(Array.from(perChannel.scales)).toEqual([Math.fround(1 / 127), Math.fround(0.02 / 127)]);
    expect(Array.from(perChannel.q)).toEqual([127, 63, -64, -127, 32, 32]); // 0.01 / fround(0.02/127) = 63.4999...
    const perTensor = quantizeSymmetric(w, [3, 2], 1, false);
    expect(Array.from(perTensor.scales)).toEqual([Math.fround(1 / 127)]);
    expect(Array.from(perTensor.q)).toEqual([127, 1, -64, -3, 32, 1]);
    expect(worstChannelError(perTensor)).toBeGreaterThan(0.1);
    expect(worstChannelError(perChannel)).toBeLessThan(0.02);
    expect(relativeRmse(perChannel.sqErr, perChannel.sqRef)).toBeLessThan(relativeRmse(perTensor.sqErr, perTensor.sqRef));
  });

  it('stores uint8 weights with zero point 128 (ConvInteger), and gives an all-zero channel scale 1', () => {
    const r = quantizeSymmetric(Float32Array.from([0, 0, 2, -1]), [2, 2], 0, true, 127, true); // [O=2, 2]
    expect(Array.from(r.q)).toEqual([128, 128, 255, 128 - 64]);
    expect(Array.from(r.scales)).toEqual([1, Math.fround(2 / 127)]);
  });

  it('computes activation scale and zero point like ORT (range always includes 0)', () => {
    expect(activationParams(0, 2.55, 'uint8')).toEqual({ scale: Math.fround(0.01), zeroPoint: 0, signed: false });
    expect(activationParams(-2.55, 0, 'int8')).toEqual({ scale: Math.fround(0.01), zeroPoint: 127, signed: true });
    expect(activationParams(-2.55, 0, 'uint8')).toEqual({ scale: Math.fround(0.01), zeroPoint: 255, signed: false });
    expect(activationParams(1, 3, 'int8')).toEqual({ scale: Math.fround(3 / 255), zeroPoint: -128, signed: true });
    expect(activationParams(-4, 1, 'int8-symmetric')).toEqual({ scale: Math.fround(8 / 254), zeroPoint: 0, signed: true });
    expect(activationParams(0, 0, 'uint8').scale).toBe(1);
  });

  it('packs int4 blocks: symmetric maps the largest magnitude to code 0 (-8), asymmetric spans [min, max]', () => {
    const w = Float32Array.from([-4, -2, 0, 1, 2, 3.5, ...new Array(10).fill(0)]); // N=1, K=16
    const sym = quantizeInt4Blocks(w, 1, 16, 16, true);
    expect(sym.scales[0]).toBe(0.5); // -4 / -8
    expect(sym.packed[0] & 0xf).toBe(0); // -4 -> -8 + 8
    expect(sym.zeroPoints).toBeNull();
    const asym = quantizeInt4Blocks(w, 1, 16, 16, false);
    expect(asym.scales[0]).toBe(Math.fround(7.5 / 15));
    expect(asym.zeroPoints![0] & 0xf).toBe(8); // round(4 / 0.5)
    expect(relativeRmse(asym.sqErr, asym.sqRef)).toBeLessThan(0.1);
  });

  it('clamps float16 overflow to ±65504 and raises tiny values to ±1e-7, leaving Inf, NaN and 0 alone', () => {
    const t = makeTensor('w', DataType.FLOAT, [8], Float32Array.from([65519, 65520, -1e9, 3e-8, -1e-12, 0, Infinity, NaN]));
    const h = toHalfTensor(t);
    const bits = new Uint16Array(h.tensor.rawData.slice().buffer);
    expect(Array.from(bits.subarray(0, 7), halfToFloat)).toEqual([65504, 65504, -65504, halfToFloat(2), -halfToFloat(2), 0, Infinity]);
    expect(Number.isNaN(halfToFloat(bits[7]))).toBe(true);
    expect([h.large, h.tiny]).toEqual([2, 2]);
  });
});
