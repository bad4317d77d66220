import { describe, expect, it } from 'vitest';
import { create, DataType, encodeModel, type ModelProto } from '../../../../src/engine/onnx';
import { applyTechnique, layer } from '../helpers/apply';
import { ortSignature, randomFeeds, runDiff, runDims, runMaxAbs, runOrt } from '../helpers/ort';
import { asConstantNodes, convBnNet, depthwiseNet, mlpNet, poolFlattenNet, refusalNet, residualNet } from '../helpers/prune-nets';
import { constantTensors } from '../helpers/weights';

async function compare(original: ModelProto, pruned: Uint8Array, batch = 3) {
  const ref = encodeModel(original);
  const input = original.graph!.input[0];
  const dims = input.type!.tensorType!.shape!.dim.map((d) => (d.dimValue ? Number(d.dimValue) : batch));
  const feeds = randomFeeds(ref, 7, 1, { [input.name]: dims });
  const a = await runOrt(ref, feeds);
  const b = await runOrt(pruned, feeds);
  expect(runDims(b)).toEqual(runDims(a));
  expect(await ortSignature(pruned)).toEqual(await ortSignature(ref));
  return { diff: runDiff(a, b), scale: runMaxAbs(a) };
}

const shapes = (m: ModelProto) => Object.fromEntries([...constantTensors(m)].map(([k, v]) => [k, v.dims]));

describe('prune-structured', () => {
  for (const [name, build] of Object.entries({ mlp: mlpNet, convBn: convBnNet, residual: residualNet, pool: () => poolFlattenNet(), depthwise: () => depthwiseNet() })) {
    it(`${name}: rate 0 changes nothing (identical outputs)`, async () => {
      const { bytes, step } = await applyTechnique('prune-structured', build(), { rate: 0 });
      expect((await compare(build(), bytes)).diff).toBe(0);
      expect(step.layers.every((l) => l.action === 'skipped')).toBe(true);
    });
  }

  for (const flatten of ['Flatten', 'Reshape0', 'ReshapeExplicit'] as const) {
    it(`removing all-zero channels before ${flatten} → Gemm keeps the outputs (flatten blocks mapped)`, async () => {
      const net = () => poolFlattenNet({ zeroChannels: [1, 4], flatten });
      const { bytes, model, step } = await applyTechnique('prune-structured', net(), { rate: 100 / 3 });
      const s = shapes(model);
      expect(s['conv.w']).toEqual([4, 1, 3, 3]);
      expect(s['conv.b']).toEqual([4]);
      expect(s['fc.w']).toEqual([10, 64]); // 6 channels x 16 features -> 4 x 16
      if (flatten === 'ReshapeExplicit') expect(constantTensors(model).has('flat.shape')).toBe(false); // int64: not listed
      const { diff } = await compare(net(), bytes);
      expect(diff).toBeLessThan(1e-6);
      expect(layer(step, 'conv_conv').detail.en).toContain('removed 2 of 6 output channels');
      expect(layer(step, 'gemm_Y').detail.en).toContain('inputs follow conv_conv');
    });
  }

  it('passes channels through a depthwise conv (slicing it and its group); zero channels removed → same outputs', async () => {
    const net = () => depthwiseNet([0, 5, 6], [2, 3]);
    const { bytes, model, step } = await applyTechnique('prune-structured', net(), { rate: 37.5 });
    const s = shapes(model);
    expect(s['pw1.w']).toEqual([5, 4, 1, 1]); // round(0.375 * 8) = 3 removed: the zero ones
    expect(s['dw.w']).toEqual([5, 1, 3, 3]);
    expect(s['dw.b']).toEqual([5]);
    expect(model.graph!.node.find((n) => n.name === 'conv_dw')!.attribute.find((a) => a.name === 'group')!.i).toBe(5);
    expect(s['pw2.w']).toEqual([4, 5, 1, 1]); // round(0.375 * 6) = 2 removed: the zero ones
    expect(s['fc.w']).toEqual([3, 4]);
    expect(layer(step, 'conv_dw').detail.en).toMatch(/outputs kept: grouped or depthwise conv/);
    expect(layer(step, 'conv_dw').action).toBe('changed');
    const { diff, scale } = await compare(net(), bytes);
    expect(scale).toBeGreaterThan(0.01);
    expect(diff).toBeLessThan(1e-6);
  });

  it('Conv → BN → Relu → Conv → GAP → Flatten → Gemm: every tensor really shrinks and BN params are sliced', async () => {
    const { bytes, model, step, result } = await applyTechnique('prune-structured', convBnNet(), { rate: 50, norm: 'l2' });
    const s = shapes(model);
    expect(s['c1.w']).toEqual([4, 3, 3, 3]);
    for (const p of ['c1.b', 'bn.scale', 'bn.bias', 'bn.mean', 'bn.var']) expect(s[p]).toEqual([4]);
    expect(s['c2.w']).toEqual([6, 4, 3, 3]);
    expect(s['fc.w']).toEqual([5, 6]);
    expect(layer(step, 'gemm_Y').detail.en).toContain('"Y" is a graph output');
    expect(result.after.raw).toBeLessThan(result.before.raw * 0.6);
    const { diff, scale } = await compare(convBnNet(), bytes);
    expect(diff).toBeGreaterThan(0);
    expect(Number.isFinite(diff / scale)).toBe(true);
  });

  it('works on weights stored in Constant nodes and updates value_info shapes', async () => {
    const net = () => {
      const m = asConstantNodes(convBnNet());
      const dim = (d: number | string) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d });
      m.graph!.valueInfo.push(create.valueInfo({ name: 'r1', type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: ['N', 8, 8, 8].map(dim) } } } }));
      return m;
    };
    const { bytes, model } = await applyTechnique('prune-structured', net(), { rate: 50 });
    expect(model.graph!.initializer).toHaveLength(0);
    expect(shapes(model)['c2.w']).toEqual([6, 4, 3, 3]);
    expect(model.graph!.valueInfo.find((v) => v.name === 'r1')!.type!.tensorType!.shape!.dim.map((d) => d.dimValue ?? d.dimParam)).toEqual(['N', 4, 8, 8]);
    await compare(net(), bytes);
  });

  it('IR 3 models (every initializer also listed as a graph input): the listed shapes follow the pruned tensors', async () => {
    const net = () => {
      const m = convBnNet();
      m.irVersion = 3;
      for (const t of m.graph!.initializer) {
        m.graph!.input.push(create.valueInfo({ name: t.name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: t.dims.map((d) => ({ dimValue: d })) } } } }));
      }
      return m;
    };
    const { bytes, model } = await applyTechnique('prune-structured', net(), { rate: 50 });
    const declared = Object.fromEntries(model.graph!.input.map((i) => [i.name, i.type!.tensorType!.shape!.dim.map((d) => d.dimValue ?? d.dimParam)]));
    expect(declared['c2.w']).toEqual([6, 4, 3, 3]);
    expect(declared['bn.var']).toEqual([4]);
    expect(declared.X).toEqual(['N', 3, 8, 8]);
    await compare(net(), bytes);
  });

  it('skips a layer whose channels join a residual Add, with the reason, and prunes the others', async () => {
    const { bytes, model, step } = await applyTechnique('prune-structured', residualNet(), { rate: 50 });
    const row = layer(step, 'conv_ca');
    expect(row.action).toBe('skipped');
    expect(row.detail.en).toMatch(/joins another branch at Add "add_res" \(residual/);
    expect(shapes(model)['ca.w']).toEqual([4, 4, 3, 3]);
    expect(shapes(model)['cb.w']).toEqual([3, 4, 1, 1]);
    await compare(residualNet(), bytes);
  });

  const refusals = {
    concat: /feeds Concat "concat_cat": Concat joins or splits channels/,
    shape: /feeds Shape "shape_shp": Shape reads the tensor's shape at run time/,
    grouped: /feeds grouped Conv "conv_Y" \(group 2\)/,
  };
  for (const [kind, reason] of Object.entries(refusals)) {
    it(`refuses a layer whose channels reach ${kind === 'grouped' ? 'a grouped conv' : kind}, and the model still runs unchanged`, async () => {
      const net = () => refusalNet(kind as keyof typeof refusals);
      const { bytes, step } = await applyTechnique('prune-structured', net(), { rate: 50 });
      expect(layer(step, 'conv_a').action).toBe('skipped');
      expect(layer(step, 'conv_a').detail.en).toMatch(reason);
      expect(layer(step, 'conv_Y').detail.en).toMatch(kind === 'grouped' ? /grouped or depthwise conv/ : /"Y" is a graph output/);
      expect((await compare(net(), bytes)).diff).toBe(0);
    });
  }

  it('MLP: prunes Gemm and MatMul neurons with their biases, never the graph output layer', async () => {
    const { bytes, model, step } = await applyTechnique('prune-structured', mlpNet(), { rate: 25 });
    const s = shapes(model);
    expect(s.w1).toEqual([16, 24]);
    expect(s.b1).toEqual([24]);
    expect(s.w2).toEqual([24, 18]);
    expect(s.b2).toEqual([18]);
    expect(s.w3).toEqual([10, 18]);
    expect(layer(step, 'gemm_Y').action).toBe('changed'); // its inputs shrank
    expect(layer(step, 'gemm_Y').detail.en).toMatch(/outputs kept: "Y" is a graph output · inputs follow matmul_h2/);
    await compare(mlpNet(), bytes);
  });

  it('is deterministic and keeps at least one channel per layer at the maximum rate', async () => {
    const a = await applyTechnique('prune-structured', convBnNet(), { rate: 90 });
    const b = await applyTechnique('prune-structured', convBnNet(), { rate: 90 });
    expect(a.bytes).toEqual(b.bytes);
    expect(shapes(a.model)['c1.w']).toEqual([1, 3, 3, 3]); // round(0.9 * 8) = 7
    expect(shapes(a.model)['c2.w']).toEqual([1, 1, 3, 3]); // min(round(0.9 * 12), 11) = 11
    await compare(convBnNet(), a.bytes);
  });
});
