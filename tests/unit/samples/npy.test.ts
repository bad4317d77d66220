// The .npy / .npz parser against files NumPy itself wrote (tests/fixtures/samples/make-fixtures.py): values are
// recomputed here from the generator's formula, v[i] = i * 0.5 - 1, not read back through the parser's own logic.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { halfToFloat } from '../../../src/engine/onnx';
import { SampleError } from '../../../src/engine/samples/errors';
import { parseNpy } from '../../../src/engine/samples/npy';
import { parseNpz } from '../../../src/engine/samples/npz';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/samples/${name}`));
const ramp = (n: number) => Array.from({ length: n }, (_, i) => i * 0.5 - 1);
const values = (data: ArrayLike<number | bigint>) => Array.from(data, Number);

describe('.npy written by NumPy', () => {
  it('reads float32, float64, float16 and big-endian float32 in C order', () => {
    const f4 = parseNpy(fixture('f4-2x3.npy'));
    expect(f4).toMatchObject({ dtype: 'float32', shape: [2, 3] });
    expect(values(f4.data)).toEqual(ramp(6));
    const f8 = parseNpy(fixture('f8-1x4.npy'));
    expect(f8).toMatchObject({ dtype: 'float64', shape: [1, 4] });
    expect(values(f8.data)).toEqual(ramp(4));
    const f2 = parseNpy(fixture('f2-4.npy'));
    expect(f2.dtype).toBe('float16');
    expect(Array.from(f2.data as Uint16Array, halfToFloat)).toEqual(ramp(4));
    const be = parseNpy(fixture('f4-big-endian-2x2.npy'));
    expect(be).toMatchObject({ dtype: 'float32', shape: [2, 2] });
    expect(values(be.data)).toEqual(ramp(4));
  });

  it('reads integers (both byte orders), uint8, bool, a scalar and format version 2', () => {
    expect(values(parseNpy(fixture('i8-1x5.npy')).data)).toEqual([-2000, -1000, 0, 1000, 2000]);
    const be = parseNpy(fixture('i4-big-endian-3.npy'));
    expect(be).toMatchObject({ dtype: 'int32', shape: [3] });
    expect(values(be.data)).toEqual([-7, 0, 123456]);
    const u1 = parseNpy(fixture('u1-1x3x2x2.npy'));
    expect(u1).toMatchObject({ dtype: 'uint8', shape: [1, 3, 2, 2] });
    expect(values(u1.data)).toEqual(Array.from({ length: 12 }, (_, i) => i * 20));
    expect(values(parseNpy(fixture('bool-3.npy')).data)).toEqual([1, 0, 1]);
    const scalar = parseNpy(fixture('scalar.npy'));
    expect(scalar).toMatchObject({ dtype: 'int64', shape: [] });
    expect(values(scalar.data)).toEqual([16000]);
    const v2 = parseNpy(fixture('version2-2x3.npy'));
    expect(v2.shape).toEqual([2, 3]);
    expect(values(v2.data)).toEqual(ramp(6));
  });

  it('refuses Fortran order, strings, truncation and other files with a sentence in both languages', () => {
    const error = (bytes: Uint8Array) => {
      try {
        parseNpy(bytes, 'x.npy');
      } catch (e) {
        expect(e).toBeInstanceOf(SampleError);
        expect((e as SampleError).text.zh).toMatch(/[\u4e00-\u9fff]/);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(error(fixture('fortran-2x3.npy'))).toMatch(/Fortran \(column-major\) order.*np\.ascontiguousarray/);
    expect(error(fixture('strings.npy'))).toMatch(/dtype <U3, which is not a number type/);
    expect(error(fixture('f4-2x3.npy').subarray(0, 140))).toMatch(/truncated/);
    expect(error(new TextEncoder().encode('{"not": "npy"}'))).toMatch(/not a \.npy file/);
  });
});

describe('.npz written by NumPy', () => {
  it('reads named arrays (np.savez) and deflated positional arrays (np.savez_compressed)', () => {
    const named = parseNpz(fixture('named.npz'));
    expect([...named.keys()].sort()).toEqual(['ids', 'x']);
    expect(values(named.get('x')!.data)).toEqual(ramp(4));
    expect(named.get('ids')).toMatchObject({ dtype: 'int64', shape: [1, 6] });
    const compressed = parseNpz(fixture('compressed.npz'));
    expect(compressed.get('arr_0')).toMatchObject({ dtype: 'float32', shape: [2, 1, 4] });
    expect(values(compressed.get('arr_0')!.data)).toEqual(ramp(8));
  });

  it('refuses a file that is not a zip', () => {
    expect(() => parseNpz(fixture('f4-2x3.npy'), 'a.npz')).toThrow(/a\.npz is not a \.npz file/);
  });
});
