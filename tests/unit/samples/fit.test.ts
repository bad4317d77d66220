// Arrays from a user's files fitted to an input: same shape, batch axis added, or a stack of samples; numbers
// converted only where it is safe, with a clear error for the wrong dtype or shape.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputSpec } from '../../../src/engine/inputs/spec';
import { fitArray } from '../../../src/engine/samples/fit';
import { parseJsonSamples, UNNAMED } from '../../../src/engine/samples/json';
import { parseNpy } from '../../../src/engine/samples/npy';

const npy = (name: string) => parseNpy(new Uint8Array(readFileSync(`tests/fixtures/samples/${name}`)), name);
const spec = (name: string, elemType: string, dims: number[]): InputSpec => ({ name, elemType, declared: dims, ranked: true, dims, fill: { kind: 'random' } });
const json = (text: string) => parseJsonSamples(new TextEncoder().encode(text), 's.json');

describe('fitting arrays to an input', () => {
  it('takes the exact shape, the shape without batch, or a stack along the batch axis', () => {
    expect(fitArray(npy('f4-2x3.npy'), spec('x', 'float', [2, 3]), 'f').tensors).toHaveLength(1);
    const unbatched = fitArray(npy('f4-2x3.npy'), spec('x', 'float', [1, 2, 3]), 'f').tensors;
    expect(unbatched.map((t) => t.dims)).toEqual([[1, 2, 3]]);
    const stack = fitArray(npy('stack-3x1x4.npy'), spec('x', 'float', [1, 1, 4]), 'f').tensors;
    expect(stack.map((t) => Array.from(t.data as Float32Array))).toEqual([[-1, -0.5, 0, 0.5], [1, 1.5, 2, 2.5], [3, 3.5, 4, 4.5]]);
    // A stack of whole samples on a new leading axis: [3, 1, 4] for an input of [1, 4].
    const leading = fitArray(npy('stack-3x1x4.npy'), spec('x', 'float', [1, 4]), 'f').tensors;
    expect(leading.map((t) => t.dims)).toEqual([[1, 4], [1, 4], [1, 4]]);
    expect(Array.from(leading[2].data as Float32Array)).toEqual([3, 3.5, 4, 4.5]);
  });

  it('converts float64 to float32 (saying so), integers to int64, and keeps uint8 images for uint8 inputs', () => {
    const f8 = fitArray(npy('f8-1x4.npy'), spec('x', 'float', [1, 4]), 'f');
    expect(f8.converted).toBe('float64 → float32');
    expect(f8.tensors[0]).toMatchObject({ type: 'float32', dims: [1, 4] });
    const ids = fitArray(npy('i8-1x5.npy'), spec('ids', 'int64', [1, 5]), 'f').tensors[0];
    expect(Array.from(ids.data as BigInt64Array, Number)).toEqual([-2000, -1000, 0, 1000, 2000]);
    expect(fitArray(npy('u1-1x3x2x2.npy'), spec('img', 'uint8', [1, 3, 2, 2]), 'f').tensors[0].type).toBe('uint8');
    expect(fitArray(npy('scalar.npy'), spec('sr', 'int64', []), 'f').tensors[0]).toMatchObject({ dims: [], data: BigInt64Array.from([16000n]) });
  });

  it('an .npy of the wrong dtype gets a clear error naming the input and what to save instead', () => {
    expect(() => fitArray(npy('u1-1x3x2x2.npy'), spec('pixel_values', 'float', [1, 3, 2, 2]), 'u1.npy')).toThrow(
      'u1.npy holds uint8, but input "pixel_values" takes float. Save it as float32 (x.astype(np.float32)), scaled the way the model expects.',
    );
    expect(() => fitArray(npy('f4-2x3.npy'), spec('input_ids', 'int64', [2, 3]), 'f4.npy')).toThrow(/f4\.npy holds float32, but input "input_ids" takes int64\. Save whole numbers as an integer array/);
    expect(() => fitArray(npy('i8-1x5.npy'), spec('ids', 'int8', [1, 5]), 'i8.npy')).toThrow(/i8\.npy holds -2000, outside the range of input "ids" \(int8\)/);
  });

  it('an .npy of the wrong shape gets a clear error with both shapes', () => {
    expect(() => fitArray(npy('f4-2x3.npy'), spec('x', 'float', [1, 3, 2]), 'f4.npy')).toThrow(
      'f4.npy has the shape 2 × 3, but input "x" is set to 1 × 3 × 2. Change the input\'s shape to match, or save the array with that shape.',
    );
  });
});

describe('JSON samples', () => {
  it('a bare nested array, an object by input name, or a list of such objects', () => {
    const [bare] = json('[[1, 2, 3], [4, 5, 6]]');
    expect(bare.get(UNNAMED)).toMatchObject({ shape: [2, 3], dtype: 'float64' });
    const named = json('{"input_ids": [[101, 2023, 102]], "attention_mask": [[1, 1, 1]]}');
    expect([...named[0].keys()]).toEqual(['input_ids', 'attention_mask']);
    // JSON has no dtype: whole numbers may feed integer inputs.
    expect(fitArray(named[0].get('input_ids')!, spec('input_ids', 'int64', [1, 3]), 'j').tensors[0].data).toEqual(BigInt64Array.from([101n, 2023n, 102n]));
    expect(json('[{"x": [1]}, {"x": [2]}]')).toHaveLength(2);
  });

  it('says what is wrong: ragged rows, strings, fractions for an integer input, broken JSON', () => {
    expect(() => json('[[1, 2], [3]]')).toThrow(/not a rectangular array: every row at depth 2 must have 2 entries/);
    expect(() => json('{"x": [1, "two"]}')).toThrow(/s\.json: "x" contains "two": only finite numbers/);
    expect(() => fitArray(json('[[1.5, 2]]')[0].get(UNNAMED)!, spec('ids', 'int64', [1, 2]), 'j')).toThrow(/holds numbers with fractions, but input "ids" takes int64/);
    expect(() => json('[1, 2,')).toThrow(/s\.json is not valid JSON/);
  });
});
