// BatchNormalization folding (the pre-pass before quantization) on hand-built graphs, checked against ORT running
// the unfolded originals; and fp16 never clamping a weight beyond its range (a running variance of 1e8).
import { describe, expect, it } from 'vitest';
import { DataType, create, decodeModel, encodeModel, makeNode, makeTensor, type ModelProto, type NodeProto, type TensorProto } from '../../../src/engine/onnx';
import { applyRecipe } from '../../../src/engine/pipeline';
import { foldBatchNorms } from '../../../src/engine/transforms/fold-batchnorm/fold';
import { fp16Transform } from '../../../src/engine/transforms/fp16/transform';
import { randomFeeds, runDiff, runMaxAbs, runOrt } from './helpers/ort';
import { randomFloats, valueInfo } from './helpers/build';

const f32 = (name: string, dims: number[], values: Float32Array) => makeTensor(name, DataType.FLOAT, dims, values);
const rand = (name: string, dims: number[], seed: number, scale = 0.5) => f32(name, dims, randomFloats(dims.reduce((a, b) => a * b, 1), seed, scale));

/** scale, bias, mean, var for C channels; var = base + |noise| so every channel differs. */
function bnParams(prefix: string, c: number, seed: number, varScale = 1): TensorProto[] {
  const v = randomFloats(c, seed + 3, 1).map((x) => varScale * (0.3 + Math.abs(x)));
  return [f32(`${prefix}.scale`, [c], randomFloats(c, seed, 0.5).map((x) => 1 + x)),
    rand(`${prefix}.bias`, [c], seed + 1, 0.3), rand(`${prefix}.mean`, [c], seed + 2, 0.4 * Math.sqrt(varScale)), f32(`${prefix}.var`, [c], v)];
}

function model(nodes: NodeProto[], inits: TensorProto[], input: number[], output: number[]): Uint8Array {
  const graph = create.graph({ name: 'g', node: nodes, initializer: inits, input: [valueInfo('X', DataType.FLOAT, input)], output: [valueInfo('Y', DataType.FLOAT, output)] });
  return encodeModel(create.model({ irVersion: 8, producerName: 'tests', graph, opsetImport: [create.opset({ domain: '', version: 13 })] }) as ModelProto);
}

const bn = (x: string, p: string, out: string) => makeNode({ opType: 'BatchNormalization', inputs: [x, `${p}.scale`, `${p}.bias`, `${p}.mean`, `${p}.var`], outputs: [out], name: p, floatAttributes: { epsilon: 1e-5 } });

const CASES: { name: string; bytes: Uint8Array; folded: number }[] = [
  {
    name: 'Conv with bias -> BN -> Relu',
    bytes: model([
      makeNode({ opType: 'Conv', inputs: ['X', 'w', 'b'], outputs: ['c'], name: 'conv', attributes: { pads: [1, 1, 1, 1] } }),
      bn('c', 'bn', 'n'),
      makeNode({ opType: 'Relu', inputs: ['n'], outputs: ['Y'], name: 'relu' }),
    ], [rand('w', [6, 3, 3, 3], 1), rand('b', [6], 2, 0.2), ...bnParams('bn', 6, 10)], [1, 3, 7, 7], [1, 6, 7, 7]),
    folded: 1,
  },
  {
    name: 'grouped Conv without bias -> BN',
    bytes: model([
      makeNode({ opType: 'Conv', inputs: ['X', 'w'], outputs: ['c'], name: 'conv', attributes: { group: 2, strides: [2, 2] } }),
      bn('c', 'bn', 'Y'),
    ], [rand('w', [8, 2, 3, 3], 3), ...bnParams('bn', 8, 20)], [1, 4, 9, 9], [1, 8, 4, 4]),
    folded: 1,
  },
  {
    name: 'ConvTranspose (group 2) -> per-channel Add -> BN -> Relu, as paddle2onnx writes it',
    bytes: model([
      makeNode({ opType: 'ConvTranspose', inputs: ['X', 'w'], outputs: ['t'], name: 'deconv', attributes: { group: 2, strides: [2, 2] } }),
      makeNode({ opType: 'Add', inputs: ['t', 'tb'], outputs: ['a'], name: 'deconv_bias' }),
      bn('a', 'bn', 'n'),
      makeNode({ opType: 'Relu', inputs: ['n'], outputs: ['Y'], name: 'relu' }),
    ], [rand('w', [4, 3, 2, 2], 5), rand('tb', [1, 6, 1, 1], 6, 0.2), ...bnParams('bn', 6, 30)], [1, 4, 5, 5], [1, 6, 10, 10]),
    folded: 1,
  },
  {
    name: 'a BN after Relu and a BN whose Conv output is read twice stay',
    bytes: model([
      makeNode({ opType: 'Conv', inputs: ['X', 'w'], outputs: ['c'], name: 'conv' }),
      makeNode({ opType: 'Relu', inputs: ['c'], outputs: ['r'], name: 'relu' }),
      bn('r', 'bn1', 'n1'),
      bn('c', 'bn2', 'n2'),
      makeNode({ opType: 'Add', inputs: ['n1', 'n2'], outputs: ['Y'], name: 'sum' }),
    ], [rand('w', [5, 3, 1, 1], 7), ...bnParams('bn1', 5, 40), ...bnParams('bn2', 5, 50)], [1, 3, 4, 4], [1, 5, 4, 4]),
    folded: 0,
  },
];

describe('BatchNormalization folding', () => {
  it.each(CASES)('$name: same outputs as ORT on the original (float rounding only)', async ({ bytes, folded }) => {
    const m = decodeModel(bytes);
    const outcome = foldBatchNorms(m);
    const out = encodeModel(m);
    const bns = (b: Uint8Array) => decodeModel(b).graph!.node.filter((n) => n.opType === 'BatchNormalization').length;
    expect(bns(bytes) - bns(out)).toBe(folded);
    expect(outcome.layers.filter((l) => l.action === 'changed')).toHaveLength(folded);
    expect(outcome.layers).toHaveLength(bns(bytes)); // one row per BatchNormalization, folded or not
    if (!folded) expect(outcome.layers.map((l) => l.detail.en)).toEqual(['not folded: does not follow a convolution (follows Relu)', 'not folded: the output of conv is also read elsewhere']);
    const feeds = randomFeeds(bytes, 3);
    const [ref, got] = [await runOrt(bytes, feeds), await runOrt(out, feeds)];
    expect(runDiff(ref, got)).toBeLessThanOrEqual(1e-5 * Math.max(1, runMaxAbs(ref)));
  });

  it('leaves an excluded convolution and its BatchNormalization as they are', () => {
    const m = decodeModel(CASES[0].bytes);
    const outcome = foldBatchNorms(m, { exclude: new Set(['conv']) });
    expect(outcome.layers).toMatchObject([{ node: 'bn', action: 'skipped', detail: { en: 'kept as is (excluded)' } }]);
    expect(m.graph!.node.map((n) => n.opType)).toEqual(['Conv', 'BatchNormalization', 'Relu']);
  });
});

describe('fp16 and a running variance of 1e8 (the PP-OCRv4 detector has one)', () => {
  // Conv -> BN whose variance is 1e8 with activations of that scale: float16 (max 65504) cannot hold the variance.
  const huge = model([
    makeNode({ opType: 'Conv', inputs: ['X', 'w'], outputs: ['c'], name: 'conv', attributes: { pads: [1, 1, 1, 1] } }),
    bn('c', 'bn', 'n'),
    makeNode({ opType: 'Relu', inputs: ['n'], outputs: ['Y'], name: 'relu' }),
  ], [rand('w', [4, 3, 3, 3], 9, 0.5), ...bnParams('bn', 4, 60, 1e8)], [1, 3, 6, 6], [1, 4, 6, 6]);
  const feeds = randomFeeds(huge, 4);

  it('through the pipeline, fp16 first folds the BatchNormalization and reports it; outputs match fp32', async () => {
    const r = await applyRecipe(huge, [{ transform: 'fp16' }]);
    expect(r.steps).toHaveLength(1);
    const row = r.steps[0].layers.find((l) => l.node === 'bn')!;
    expect(row.action).toBe('changed');
    expect(row.detail.zh).toMatch(/^折叠进 Conv conv；/);
    expect(row.detail.en).toMatch(/^folded into Conv conv; running variance up to 1\.\d\de\+8$/);
    expect(r.steps[0].warnings.map((w) => w.en).join(' ')).toMatch(/Folded 1 of 1 BatchNormalization/);
    expect(r.steps[0].warnings.map((w) => w.zh).join(' ')).toMatch(/BatchNormalization/);
    expect(r.steps[0].warnings.map((w) => w.en).join(' ')).not.toMatch(/clamped/);
    const [ref, got] = [await runOrt(huge, feeds), await runOrt(r.bytes, feeds)];
    expect(runDiff(ref, got)).toBeLessThanOrEqual(2e-3 * runMaxAbs(ref));
  });

  it('without the fold, fp16 keeps the BatchNormalization in float32 and names the tensor instead of clamping it', async () => {
    const m = decodeModel(huge);
    const outcome = fp16Transform.apply(m, {}, {}) as Awaited<ReturnType<typeof fp16Transform.apply>>;
    const warning = outcome.warnings.map((w) => w.en).join(' ');
    expect(warning).toMatch(/Kept in float32, not clamped: bn\.var \(\|value\| up to 1\.\d\de\+8\)/);
    expect(outcome.warnings.map((w) => w.zh).join(' ')).toMatch(/bn\.var/);
    expect(warning).not.toMatch(/clamped to ±65504/);
    expect(outcome.layers.find((l) => l.node === 'bn')?.detail.en).toMatch(/weight bn\.var exceeds the float16 range/);
    const out = encodeModel(m);
    const [ref, got] = [await runOrt(huge, feeds), await runOrt(out, feeds)];
    // Clamping the variance to 65504 would scale the outputs by ~1e4/256 (about 40×); float32 BN keeps them.
    expect(runDiff(ref, got)).toBeLessThanOrEqual(2e-3 * runMaxAbs(ref));
  });
});
