import { describe, expect, it } from 'vitest';
import { floatToHalf, halfToFloat, FP16_MAX } from '../../src/engine/onnx';
import { NUMPY_HALVES } from './fixtures/fp16-bits';

describe('float16 conversion', () => {
  it('encodes known values bit-exactly', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(0.5)).toBe(0x3800);
    expect(floatToHalf(FP16_MAX)).toBe(0x7bff);
    expect(floatToHalf(65520)).toBe(0x7c00); // rounds up to +Inf
    expect(floatToHalf(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(floatToHalf(2 ** -26)).toBe(0x0000); // underflows to zero
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(NaN) & 0x7c00).toBe(0x7c00);
  });

  it('rounds to nearest even on ties', () => {
    // 1 + 2^-11 lies exactly between 1 and the next half (1 + 2^-10): ties to even -> 1.
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3*2^-11 lies between 1+2^-10 (odd mantissa) and 1+2^-9: ties to even -> 1+2^-9.
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('rounds like NumPy on 1,025 values of every magnitude (normal, subnormal, near-ties, overflow)', () => {
    const { values, halves } = NUMPY_HALVES;
    const got = Array.from(values, (v) => floatToHalf(v));
    expect(got).toEqual(Array.from(halves));
  });

  it('round-trips every finite half exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // Inf/NaN
      expect(floatToHalf(halfToFloat(h))).toBe(h);
    }
  });
});
