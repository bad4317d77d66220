import { describe, expect, it } from 'vitest';
import { AttributeType, DataType, decodeModel, encodeModel, makeNode, makeTensor, readFloat32, halfToFloat, attrInt, create } from '../../../../src/engine/onnx';
import { applyTechnique, changedBytesRatio, compareWithReference } from '../helpers/apply';
import { randomFloats, valueInfo } from '../helpers/build';
import { convModel, mixedModel, mlpModel } from '../helpers/quant-nets';
import { maxAbs, maxAbsDiff, randomFeeds } from '../helpers/ort';
import { NUMPY_HALVES } from '../../fixtures/fp16-bits';

// Tolerance: float16 keeps about 3 significant digits, and errors add up over layers: every float output must be
// within 1% of the output's largest magnitude.
const REL_TOL = 1e-2;

function expectClose(pairs: Record<string, { ref: Float32Array; got: Float32Array }>) {
  for (const { ref, got } of Object.values(pairs)) expect(maxAbsDiff(ref, got)).toBeLessThanOrEqual(REL_TOL * maxAbs(ref));
}

describe('fp16', () => {
  for (const [name, build] of [['MLP (MatMul + Gemm)', mlpModel], ['conv net', convModel]] as const) {
    it(`converts the ${name}: float16 weights, float32 I/O, outputs within 1%, half the weight bytes`, async () => {
      const bytes = encodeModel(build());
      const { bytes: out, step } = await applyTechnique('fp16', bytes);
      const m = decodeModel(out);
      expect(m.graph!.initializer.every((t) => t.dataType === DataType.FLOAT16)).toBe(true);
      expect(changedBytesRatio(step.layers)).toBe(0.5);
      expect(step.layers.every((l) => l.action === 'changed')).toBe(true);
      expectClose(await compareWithReference(bytes, out, randomFeeds(bytes, 1, 4)));
    });
  }

  it('keeps custom-domain ops, block-listed ops and shape arithmetic in float32, with Casts around them', async () => {
    const bytes = encodeModel(mixedModel());
    const { bytes: out, step } = await applyTechnique('fp16', bytes);
    const g = decodeModel(out).graph!;
    const node = (n: string) => g.node.find((x) => x.name === n)!;
    const castTo = (input: string) => g.node.find((x) => x.opType === 'Cast' && x.input[0] === input);
    expect(attrInt(node('shape_to_float'), 'to', 0)).toBe(DataType.FLOAT); // shape arithmetic stays float32
    expect(g.initializer.find((t) => t.name === 'one')!.dataType).toBe(DataType.FLOAT);
    expect(g.initializer.find((t) => t.name === 'W1')!.dataType).toBe(DataType.FLOAT16);
    expect(attrInt(castTo('h0')!, 'to', 0)).toBe(DataType.FLOAT); // fp16 MatMul -> fp32 com.microsoft Gelu
    expect(node('topk').input[0]).not.toBe('Y'); // TopK reads a float32 Cast of Y
    expect(step.warnings.map((w) => w.en).join(' ')).toMatch(/TopK/);
    expectClose(await compareWithReference(bytes, out, randomFeeds(bytes, 2, 3)));
  });

  it('keeps a weight beyond ±65504 in float32 (naming it, never clamping) and raises tiny non-zero weights to ±1e-7', async () => {
    const big = Float32Array.from([1e5, -1e6, 0.5, 70000]);
    const small = Float32Array.from([1e-9, -2e-8, 0, 0.5]);
    const graph = create.graph({
      name: 'clamp', node: [
        makeNode({ opType: 'Mul', inputs: ['X', 'W'], outputs: ['M'], name: 'mul' }),
        makeNode({ opType: 'Add', inputs: ['M', 'T'], outputs: ['Y'], name: 'add' }),
      ],
      initializer: [makeTensor('W', DataType.FLOAT, [4], big), makeTensor('T', DataType.FLOAT, [4], small)],
      input: [valueInfo('X', DataType.FLOAT, [4])], output: [valueInfo('Y', DataType.FLOAT, [4])],
    });
    const model = create.model({ irVersion: 8, graph, opsetImport: [create.opset({ domain: '', version: 17 })] });
    const { bytes: out, step: outcome } = await applyTechnique('fp16', encodeModel(model));
    const inits = decodeModel(out).graph!.initializer;
    const w = inits.find((t) => t.name === 'W')!;
    expect(w.dataType).toBe(DataType.FLOAT);
    expect(Array.from(readFloat32(w))).toEqual(Array.from(big));
    const half = readFloat32(inits.find((t) => t.name === 'T')!);
    expect(Array.from(half)).toEqual([halfToFloat(2), -halfToFloat(2), 0, 0.5]); // 1e-7 -> fp16 1.19e-7
    const text = outcome.warnings.map((x) => x.en).join(' ');
    expect(text).toMatch(/Kept in float32, not clamped: W \(\|value\| up to 1\.00e\+6\)/);
    expect(text).not.toMatch(/clamped to/);
    expect(outcome.layers.find((l) => l.node === 'mul')).toMatchObject({ action: 'skipped', detail: { en: expect.stringMatching(/weight W exceeds the float16 range/), zh: expect.stringMatching(/权重 W 超出 float16 范围/) } });
    expect(text).toMatch(/2 tiny non-zero weight values/);
  });

  it('converts Constant-node weights and rewrites value_info of converted tensors to float16', async () => {
    const model = mlpModel();
    const g = model.graph!;
    const w1 = g.initializer.find((t) => t.name === 'W1')!;
    g.initializer = g.initializer.filter((t) => t !== w1);
    g.node.unshift(makeNode({ opType: 'Constant', inputs: [], outputs: ['W1'], name: 'w1_const', attributes: { value: w1 } }));
    g.valueInfo.push(valueInfo('h', DataType.FLOAT, ['N', 32]), valueInfo('r', DataType.FLOAT, ['N', 32]));
    const bytes = encodeModel(model);
    const { bytes: out } = await applyTechnique('fp16', bytes);
    const og = decodeModel(out).graph!;
    expect(og.node.find((n) => n.name === 'w1_const')!.attribute[0].t!.dataType).toBe(DataType.FLOAT16);
    expect(og.valueInfo.map((v) => v.type!.tensorType!.elemType)).toEqual([DataType.FLOAT16, DataType.FLOAT16]);
    expectClose(await compareWithReference(bytes, out, randomFeeds(bytes, 3, 2))); // ORT checks value_info types
  });

  it('keeps tensors that If branches read from the outer graph in float32', async () => {
    const branch = (op: string, out: string) => create.graph({
      name: out, node: [makeNode({ opType: op, inputs: ['h', 'B'], outputs: [out], name: `${out}_node` })],
      output: [valueInfo(out, DataType.FLOAT, [2, 4])],
    });
    const graph = create.graph({
      name: 'if', node: [
        makeNode({ opType: 'MatMul', inputs: ['X', 'W1'], outputs: ['h0'], name: 'fc1' }),
        makeNode({ opType: 'Relu', inputs: ['h0'], outputs: ['r'], name: 'relu' }),
        makeNode({ opType: 'MatMul', inputs: ['r', 'W2'], outputs: ['h'], name: 'fc2' }),
        create.node({ opType: 'If', name: 'if', input: ['c'], output: ['Y'], attribute: [
          create.attribute({ name: 'then_branch', type: AttributeType.GRAPH, g: branch('Add', 'yes') }),
          create.attribute({ name: 'else_branch', type: AttributeType.GRAPH, g: branch('Sub', 'no') }),
        ] }),
      ],
      initializer: [makeTensor('W1', DataType.FLOAT, [4, 4], randomFloats(16, 1)), makeTensor('W2', DataType.FLOAT, [4, 4], randomFloats(16, 2)),
        makeTensor('B', DataType.FLOAT, [4], [1, 2, 3, 4]), makeTensor('c', DataType.BOOL, [], [1])],
      input: [valueInfo('X', DataType.FLOAT, [2, 4])], output: [valueInfo('Y', DataType.FLOAT, [2, 4])],
    });
    const bytes = encodeModel(create.model({ irVersion: 8, graph, opsetImport: [create.opset({ domain: '', version: 17 })] }));
    const { bytes: out } = await applyTechnique('fp16', bytes);
    const types = Object.fromEntries(decodeModel(out).graph!.initializer.map((t) => [t.name, t.dataType]));
    expect(types).toMatchObject({ W1: DataType.FLOAT16, W2: DataType.FLOAT, B: DataType.FLOAT });
    expectClose(await compareWithReference(bytes, out, randomFeeds(bytes, 5)));
  });

  it('is deterministic: the same model gives identical bytes', async () => {
    const bytes = encodeModel(mixedModel());
    const a = await applyTechnique('fp16', bytes);
    const b = await applyTechnique('fp16', bytes);
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
  });

  it('converts weights bit-exactly as NumPy rounds them to float16 (an independent reference)', async () => {
    // The fixture's values the transform passes through unchanged: finite, within ±65504, zero or at least 1e-7.
    const { values, halves } = NUMPY_HALVES;
    const keep = [...values.keys()].filter((i) => Number.isFinite(values[i]) && Math.abs(values[i]) <= 65504 && (values[i] === 0 || Math.abs(values[i]) >= 1e-7));
    expect(keep.length).toBeGreaterThan(800);
    const w = Float32Array.from(keep, (i) => values[i]);
    const graph = create.graph({
      name: 'bits', node: [makeNode({ opType: 'Add', inputs: ['X', 'W'], outputs: ['Y'], name: 'add' })],
      initializer: [makeTensor('W', DataType.FLOAT, [w.length], w)],
      input: [valueInfo('X', DataType.FLOAT, [w.length])], output: [valueInfo('Y', DataType.FLOAT, [w.length])],
    });
    const { bytes: out } = await applyTechnique('fp16', encodeModel(create.model({ irVersion: 8, graph, opsetImport: [create.opset({ domain: '', version: 17 })] })));
    const raw = decodeModel(out).graph!.initializer[0].rawData;
    const got = new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    expect(Array.from(got)).toEqual(keep.map((i) => halves[i]));
  });
});
