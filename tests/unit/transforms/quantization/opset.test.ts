import { describe, expect, it } from 'vitest';
import { DataType, create, decodeModel, encodeModel, makeNode, makeTensor, type NodeProto } from '../../../../src/engine/onnx';
import { raiseOpset } from '../../../../src/engine/transforms/quant/opset';
import { applyTechnique } from '../helpers/apply';
import { randomFloats, valueInfo } from '../helpers/build';
import { floats, randomFeeds, runOrt } from '../helpers/ort';

function opset9(nodes: NodeProto[], outputs: [string, number[]][], inits = [makeTensor('W', DataType.FLOAT, [6, 6], randomFloats(36, 3))]) {
  const graph = create.graph({
    name: 'old', node: nodes, initializer: inits,
    input: [valueInfo('X', DataType.FLOAT, [2, 4, 6])], output: outputs.map(([n, d]) => valueInfo(n, DataType.FLOAT, d)),
  });
  return encodeModel(create.model({ irVersion: 4, graph, opsetImport: [create.opset({ domain: '', version: 9 })] }));
}

/** Every op whose signature or meaning changed between opsets 9 and 13, in its opset-9 form. */
const changedOps = () => opset9([
  makeNode({ opType: 'MatMul', inputs: ['X', 'W'], outputs: ['m'], name: 'mm' }),
  makeNode({ opType: 'Clip', inputs: ['m'], outputs: ['c'], name: 'clip', floatAttributes: { min: -0.5, max: 0.5 } }),
  makeNode({ opType: 'Slice', inputs: ['c'], outputs: ['s'], name: 'slice', attributes: { starts: [0, 1], ends: [2, 5], axes: [0, 2] } }),
  makeNode({ opType: 'Unsqueeze', inputs: ['s'], outputs: ['u'], name: 'unsqueeze', attributes: { axes: [1] } }),
  makeNode({ opType: 'Squeeze', inputs: ['u'], outputs: ['q'], name: 'squeeze', attributes: { axes: [1] } }),
  makeNode({ opType: 'Softmax', inputs: ['q'], outputs: ['sm'], name: 'softmax', attributes: { axis: 1 } }),
  makeNode({ opType: 'Split', inputs: ['sm'], outputs: ['sp1', 'sp2'], name: 'split', attributes: { axis: 2, split: [1, 3] } }),
  makeNode({ opType: 'ReduceSum', inputs: ['sp2'], outputs: ['rs'], name: 'reducesum', attributes: { axes: [2], keepdims: 1 } }),
  makeNode({ opType: 'Add', inputs: ['sp1', 'rs'], outputs: ['a'], name: 'add' }),
  makeNode({ opType: 'Pad', inputs: ['a'], outputs: ['p'], name: 'pad', attributes: { pads: [0, 0, 0, 0, 0, 2] }, floatAttributes: { value: 0.25 } }),
  makeNode({ opType: 'TopK', inputs: ['p'], outputs: ['tv', 'ti'], name: 'topk', attributes: { k: 2 } }),
  makeNode({ opType: 'Dropout', inputs: ['tv'], outputs: ['Y'], name: 'dropout', floatAttributes: { ratio: 0.3 } }),
  makeNode({ opType: 'LogSoftmax', inputs: ['X'], outputs: ['Y2'], name: 'logsoftmax', attributes: { axis: 1 } }),
  makeNode({ opType: 'Hardmax', inputs: ['X'], outputs: ['Y3'], name: 'hardmax', attributes: { axis: -1 } }),
], [['Y', [2, 4, 2]], ['Y2', [2, 4, 6]], ['Y3', [2, 4, 6]]]);

describe('raising the opset', () => {
  for (const target of [10, 11, 13]) {
    it(`rewrites every op that changed, to opset ${target}, with identical outputs in ORT`, async () => {
      const bytes = changedOps();
      const model = decodeModel(bytes);
      expect(raiseOpset(model, target)).toBeNull();
      expect(model.opsetImport[0].version).toBe(target);
      const raised = encodeModel(model);
      const feeds = randomFeeds(bytes, 1);
      const [a, b] = [await runOrt(bytes, feeds), await runOrt(raised, feeds)];
      for (const name of ['Y', 'Y2', 'Y3']) expect(Array.from(floats(b.outputs[name]))).toEqual(Array.from(floats(a.outputs[name])));
    });
  }

  it('refuses what it cannot rewrite (Upsample), names it, and leaves the model untouched', async () => {
    const bytes = opset9([
      makeNode({ opType: 'MatMul', inputs: ['X', 'W'], outputs: ['m'], name: 'mm' }),
      makeNode({ opType: 'Upsample', inputs: ['m', 'scales'], outputs: ['Y'], name: 'up' }),
    ], [['Y', [2, 8, 12]]], [makeTensor('W', DataType.FLOAT, [6, 6], randomFloats(36, 3)), makeTensor('scales', DataType.FLOAT, [3], [1, 2, 2])]);
    const model = decodeModel(bytes);
    expect(raiseOpset(model, 11)).toBe('raising opset 9 to 11 is not supported for Upsample node "up": Upsample (deprecated in opset 10)');
    expect(Buffer.compare(Buffer.from(encodeModel(model)), Buffer.from(bytes))).toBe(0);
    const { bytes: out, step } = await applyTechnique('int8-dynamic', bytes);
    expect(Buffer.compare(Buffer.from(out), Buffer.from(bytes))).toBe(0);
    expect(step.layers).toMatchObject([{ node: 'mm', action: 'skipped', detail: { en: expect.stringMatching(/^model left unchanged: .*Upsample/) } }]);
    expect(step.warnings[0].en).toMatch(/^Not quantized: .*Upsample/);
  });
});
