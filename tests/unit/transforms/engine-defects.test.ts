// The engine defects an independent check found (issue 13 part 5): an fp16 step that converts nothing must give
// the input bytes back; NaN/Inf weights are named when a model is opened and never compressed silently; a per-tensor
// scale that wipes out channels is said next to the control; gzip sizes are zlib level 6, measured apart.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataType, create, decodeModel, encodeModel, makeNode, makeTensor, nonFinite } from '../../../src/engine/onnx';
import { summarizeModel } from '../../../src/engine/model-info';
import { applyRecipe, compressRecipe, recipeSizes } from '../../../src/engine/pipeline';
import { gzipSize } from '../../../src/engine/size';
import type { TransformId } from '../../../src/engine/transforms/types';
import { WORST_CHANNEL_LIMIT } from '../../../src/engine/transforms/quant/report';
import { valueInfo } from './helpers/build';
import { ortRunner, randomFeeds, runOrt } from './helpers/ort';
import { convModel, mlpModel } from './helpers/quant-nets';
import { ifBranchModel, nanModel } from './helpers/third-party-models';

const ALL: TransformId[] = ['fp16', 'int8-dynamic', 'int8-qdq', 'int4', 'prune-unstructured', 'prune-structured', 'low-rank'];

/** A recurrent step with no weights at all: state_out = Tanh(state + x), y = Sigmoid(state_out). */
function weightlessStateModel(): Uint8Array {
  const graph = create.graph({
    name: 'state', node: [
      makeNode({ opType: 'Add', inputs: ['state', 'x'], outputs: ['s'], name: 'add' }),
      makeNode({ opType: 'Tanh', inputs: ['s'], outputs: ['state_out'], name: 'tanh' }),
      makeNode({ opType: 'Sigmoid', inputs: ['state_out'], outputs: ['y'], name: 'sigmoid' }),
    ],
    input: [valueInfo('x', DataType.FLOAT, [1, 16]), valueInfo('state', DataType.FLOAT, [1, 16])],
    output: [valueInfo('y', DataType.FLOAT, [1, 16]), valueInfo('state_out', DataType.FLOAT, [1, 16])],
  });
  return encodeModel(create.model({ irVersion: 8, graph, opsetImport: [create.opset({ domain: '', version: 17 })] }));
}

describe('fp16 that converts nothing', () => {
  it('gives back the input bytes, byte for byte, and says why next to the control', async () => {
    const state = weightlessStateModel();
    const halved = (await applyRecipe(encodeModel(mlpModel()), [{ transform: 'fp16' }])).bytes;
    for (const [bytes, why] of [[state, /the model has no float32 weights/], [halved, /float16 converted nothing/]] as const) {
      const r = await applyRecipe(bytes, [{ transform: 'fp16' }]);
      expect(Buffer.compare(Buffer.from(r.bytes), Buffer.from(bytes))).toBe(0);
      expect(r.steps[0].unchanged).toBe(true);
      expect(r.steps[0].caveats!.map((c) => c.en).join(' ')).toMatch(why);
      expect(r.steps[0].caveats![0].zh).toMatch(/float16 没有转换任何内容/);
    }
  });
});

describe('NaN and Inf weights', () => {
  const bytes = encodeModel(nanModel());

  it('are counted in every float type, from raw bytes at any offset and from the typed fields', () => {
    const values = [1, NaN, -Infinity, Infinity, 0, -2, NaN, 65504];
    const expected = { nan: 2, posInf: 1, negInf: 1 };
    for (const type of [DataType.FLOAT, DataType.FLOAT16, DataType.DOUBLE]) {
      const t = makeTensor('t', type, [8], values);
      expect(nonFinite(t), `type ${type}`).toEqual(expected);
      const shifted = new Uint8Array(t.rawData.length + 1);
      shifted.set(t.rawData, 1); // as decoded raw_data: a view at an odd offset of the file
      expect(nonFinite({ ...t, rawData: shifted.subarray(1) }), `type ${type}, odd offset`).toEqual(expected);
    }
    const bf16 = Uint16Array.from(values, (v) => new Uint32Array(Float32Array.of(v).buffer)[0] >>> 16); // bfloat16 = top half of float32
    expect(nonFinite(create.tensor({ name: 'b', dataType: DataType.BFLOAT16, dims: [8], rawData: new Uint8Array(bf16.buffer) }))).toEqual(expected);
    expect(nonFinite(create.tensor({ name: 'f', dataType: DataType.FLOAT, dims: [8], floatData: values }))).toEqual(expected);
    expect(nonFinite(makeTensor('ok', DataType.FLOAT, [3], [1, 1e38, -3.4e38]))).toEqual({ nan: 0, posInf: 0, negInf: 0 });
  });

  it('are named with their counts when the model is opened', () => {
    expect(summarizeModel(decodeModel(bytes)).nonFinite).toEqual([
      { name: 'W1', graph: '', nan: 3, posInf: 0, negInf: 0 },
      { name: 'W2', graph: '', nan: 0, posInf: 1, negInf: 0 },
    ]);
    expect(summarizeModel(decodeModel(encodeModel(mlpModel()))).nonFinite).toEqual([]);
  });

  it('are left exactly as they are by every technique, which says so (no "weight error 0.000%")', async () => {
    const before = new Map(decodeModel(bytes).graph!.initializer.map((t) => [t.name, Buffer.from(t.rawData).toString('hex')]));
    for (const id of ALL) {
      const r = await applyRecipe(bytes, [{ transform: id }], { calibration: [randomFeeds(bytes, 1, 2)], runner: ortRunner });
      const step = r.steps[0];
      const after = new Map(decodeModel(r.bytes).graph!.initializer.map((t) => [t.name, Buffer.from(t.rawData).toString('hex')]));
      expect(after.get('W1'), id).toBe(before.get('W1'));
      expect(after.get('W2'), id).toBe(before.get('W2'));
      expect(step.caveats?.[0].en, id).toMatch(/2 weight tensors \("W1", "W2"\) hold 3 NaN and 1 infinite values: this step left them exactly as they are/);
      for (const node of ['fc1', 'fc2']) {
        const row = step.layers.find((l) => l.node === node)!;
        expect(row.action, `${id} ${node}`).toBe('skipped');
        expect(row.detail.en, `${id} ${node}`).toMatch(/NaN|Inf/);
        expect(row.weightError, `${id} ${node}`).toBeUndefined();
      }
    }
  });

  it('in a Constant node (as Paddle2ONNX stores weights) stay float32 under fp16, and their readers get a Cast', async () => {
    const m = nanModel();
    const w1 = m.graph!.initializer.find((t) => t.name === 'W1')!;
    m.graph!.initializer = m.graph!.initializer.filter((t) => t !== w1);
    m.graph!.node.unshift(makeNode({ opType: 'Constant', inputs: [], outputs: ['W1'], name: 'w1_const', attributes: { value: w1 } }));
    const input = encodeModel(m);
    const r = await applyRecipe(input, [{ transform: 'fp16' }]);
    const g = decodeModel(r.bytes).graph!;
    expect(g.node.find((n) => n.name === 'w1_const')!.attribute[0].t!.dataType).toBe(DataType.FLOAT);
    expect(g.node.find((n) => n.opType === 'Cast' && n.input[0] === 'W1')).toBeDefined();
    await runOrt(r.bytes, randomFeeds(input, 5, 2)); // loads and runs: the types line up
  });

  it('still give NaN outputs after fp16, as before it, and the caveat says so instead of silence', async () => {
    const r = await applyRecipe(bytes, [{ transform: 'fp16' }]);
    const feeds = randomFeeds(bytes, 4, 2);
    const [ref, got] = [await runOrt(bytes, feeds), await runOrt(r.bytes, feeds)];
    expect(Array.from(ref.outputs.Y.data as Float32Array).some(Number.isNaN)).toBe(true);
    expect(Array.from(got.outputs.Y.data as Float32Array).some(Number.isNaN)).toBe(true);
    expect(r.steps[0].caveats![0].en).toMatch(/Outputs that depend on them can be NaN with or without compression/);
  });
});

describe('per-tensor scales that wipe out channels', () => {
  // conv1's output channels span x100 ... x0.01: one scale for all of them rounds the small ones to nothing.
  const bytes = encodeModel(convModel());

  for (const id of ['int8-dynamic', 'int8-qdq'] as const) {
    it(`${id}: per tensor warns with the measured worst-channel error and layer count; per channel does not`, async () => {
      const ctx = { calibration: [randomFeeds(bytes, 2, 2)], runner: ortRunner };
      const perTensor = await applyRecipe(bytes, [{ transform: id, options: { granularity: 'per-tensor' } }], ctx);
      const layers = perTensor.steps[0].layers.filter((l) => l.action === 'changed');
      const bad = layers.filter((l) => l.worstChannelError! >= WORST_CHANNEL_LIMIT);
      const worst = Math.max(...bad.map((l) => l.worstChannelError!));
      expect(bad.map((l) => l.node)).toEqual(['conv1']);
      expect(worst).toBeGreaterThan(0.9);
      const caveat = perTensor.steps[0].caveats!.map((c) => c.en).join(' ');
      expect(caveat).toContain(`in 1 of ${layers.length} quantized layers the worst channel's weight error is 50.00% or more (worst ${(worst * 100).toFixed(2)}%, in "conv1")`);
      const perChannel = await applyRecipe(bytes, [{ transform: id, options: { granularity: 'per-channel' } }], ctx);
      expect(perChannel.steps[0].layers.every((l) => (l.worstChannelError ?? 0) < 0.05)).toBe(true);
      expect(perChannel.steps[0].caveats ?? []).toEqual([]);
    });
  }
});

describe('report texts', () => {
  it('never promise that "each row gives the reason" above zero rows', async () => {
    const r = await applyRecipe(weightlessStateModel(), [{ transform: 'prune-structured' }]);
    expect(r.steps[0].layers).toEqual([]);
    expect(r.steps[0].warnings.map((w) => w.en)).toEqual(['No Conv, Gemm or MatMul with a constant weight was found: nothing was pruned.']);
  });

  it('the model summary counts Constant-node weights and weights inside subgraphs', () => {
    const s = summarizeModel(ifBranchModel());
    // Wx, b, Wm, Wo, bo in each branch; U_16k in the 16 kHz branch; U_shared and sr16k in the main graph.
    expect(s.params).toBe(2 * (64 * 64 + 64 + 64 * 32 + 8 * 32 + 8) + 64 * 64 + 64 * 64 + 1);
    expect(s.hasMatMul).toBe(true);
    const m = mlpModel();
    const w1 = m.graph!.initializer.shift()!;
    m.graph!.node.unshift(makeNode({ opType: 'Constant', inputs: [], outputs: [w1.name], name: 'w1_const', attributes: { value: w1 } }));
    expect(summarizeModel(m).params).toBe(summarizeModel(mlpModel()).params);
  });
});

describe('gzip sizes', () => {
  it('are zlib level 6, measured apart from the compression', async () => {
    const bytes = encodeModel(convModel());
    expect(await gzipSize(bytes)).toBe(gzipSync(bytes, { level: 6 }).length);
    const c = await compressRecipe(bytes, [{ transform: 'int8-dynamic' }]);
    expect(c.after).toEqual({ raw: c.bytes.length }); // no gzip on the compression's path
    const sizes = await recipeSizes(bytes, c.bytes);
    expect(sizes).toEqual({ before: { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length }, after: { raw: c.bytes.length, gzip: gzipSync(c.bytes, { level: 6 }).length } });
    const full = await applyRecipe(bytes, [{ transform: 'int8-dynamic' }]);
    expect({ before: full.before, after: full.after }).toEqual(sizes);
  });
});
