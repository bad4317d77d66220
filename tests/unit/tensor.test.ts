import { describe, expect, it } from 'vitest';
import { DataType, makeTensor, readFloat32, readIntegers, packInt4, unpackInt4, tensorDataBytes, create, floatToHalf } from '../../src/engine/onnx';

describe('tensor packing', () => {
  it('round-trips float32, float16 and double through raw_data', () => {
    const v = Float32Array.from([0, 1.5, -3.25, 1e-3]);
    expect(readFloat32(makeTensor('a', DataType.FLOAT, [2, 2], v))).toEqual(v);
    const h = readFloat32(makeTensor('h', DataType.FLOAT16, [4], v));
    expect(Array.from(h)).toEqual([0, 1.5, -3.25, expect.closeTo(1e-3, 6)]);
    expect(readFloat32(makeTensor('d', DataType.DOUBLE, [4], [0, 1.5, -3.25, 8]))).toEqual(Float32Array.from([0, 1.5, -3.25, 8]));
  });

  it('round-trips every integer type', () => {
    const cases: [number, number[]][] = [
      [DataType.INT8, [-128, -1, 0, 127]], [DataType.UINT8, [0, 1, 200, 255]], [DataType.INT16, [-32768, 5, 32767, 0]],
      [DataType.INT32, [-(2 ** 31), 7, 2 ** 31 - 1, 0]], [DataType.INT64, [-(2 ** 40), 3, 2 ** 40, -1]], [DataType.BOOL, [0, 1, 1, 0]],
    ];
    for (const [type, values] of cases) {
      const t = makeTensor('t', type as DataType, [4], values);
      expect(readIntegers(t)).toEqual(values);
      expect(t.rawData.length).toBe(tensorDataBytes(t));
    }
  });

  it('packs int4 two per byte, first value in the low nibble', () => {
    const packed = packInt4([1, -1, 7, -8, 3]);
    expect(Array.from(packed)).toEqual([0xf1, 0x87, 0x03]);
    expect(Array.from(unpackInt4(packed, 5, true))).toEqual([1, -1, 7, -8, 3]);
    expect(Array.from(unpackInt4(packInt4([15, 0, 9]), 3, false))).toEqual([15, 0, 9]);
    const t = makeTensor('q', DataType.INT4, [5], [1, -1, 7, -8, 3]);
    expect(t.rawData.length).toBe(3);
    expect(readIntegers(t)).toEqual([1, -1, 7, -8, 3]);
    expect(() => packInt4([16])).toThrow(/4 bits/);
  });

  it('reads the typed fields that some exporters write instead of raw_data', () => {
    expect(readFloat32(create.tensor({ name: 'f', dataType: DataType.FLOAT, dims: [3], floatData: [1, 2, 3] }))).toEqual(Float32Array.from([1, 2, 3]));
    const halfBits = [floatToHalf(0.5), floatToHalf(-4)];
    expect(readFloat32(create.tensor({ name: 'h', dataType: DataType.FLOAT16, dims: [2], int32Data: halfBits }))).toEqual(Float32Array.from([0.5, -4]));
    expect(readIntegers(create.tensor({ name: 'i', dataType: DataType.INT64, dims: [2], int64Data: [5, -6] }))).toEqual([5, -6]);
    expect(readIntegers(create.tensor({ name: 'b', dataType: DataType.INT8, dims: [2], int32Data: [-3, 4] }))).toEqual([-3, 4]);
  });

  it('reads raw_data at an odd byte offset (views into a decoded file)', () => {
    const buf = new Uint8Array(9);
    buf.set(new Uint8Array(Float32Array.from([2.5, -1]).buffer), 1);
    const t = create.tensor({ name: 'o', dataType: DataType.FLOAT, dims: [2], rawData: buf.subarray(1) });
    expect(readFloat32(t)).toEqual(Float32Array.from([2.5, -1]));
  });

  it('copies raw_data that is a Node Buffer view into a larger pool', () => {
    const pool = Buffer.alloc(64, 0xff);
    pool.set(new Uint8Array(Float32Array.from([1.5, -2]).buffer), 8);
    const t = create.tensor({ name: 'b', dataType: DataType.FLOAT, dims: [2], rawData: pool.subarray(8, 16) });
    expect(readFloat32(t)).toEqual(Float32Array.from([1.5, -2]));
  });

  it('rejects data that does not match the shape', () => {
    expect(() => makeTensor('bad', DataType.FLOAT, [3], Float32Array.from([1, 2]))).toThrow(/8 bytes for 3 FLOAT/);
  });
});
