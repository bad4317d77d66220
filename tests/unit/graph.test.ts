import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import {
  consumerMap, producerMap, initializerMap, removeDeadNodes, replaceNode, insertBefore, makeNode, setInitializer,
  makeTensor, DataType, encodeModel, uniqueNamer, attrInt, attrInts, attrFloat,
} from '../../src/engine/onnx';
import { tinyModel, tinyReference } from './fixtures/tiny-model';

ort.env.wasm.numThreads = 1;

async function runTiny(bytes: Uint8Array, x: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ X: new ort.Tensor('float32', x, [x.length / 4, 4]) });
  await session.release();
  return out.Y.data as Float32Array;
}

const X = Float32Array.from([1, 2, 3, 4, -1, 0.5, 2, -3]);

describe('graph helpers', () => {
  it('the hand-built model matches its plain-JS reference in ORT', async () => {
    const y = await runTiny(encodeModel(tinyModel()), X);
    expect(Array.from(y)).toEqual(Array.from(tinyReference(X)).map((v) => expect.closeTo(v, 5)));
  });

  it('maps producers, consumers and initializers', () => {
    const g = tinyModel().graph!;
    expect(consumerMap(g).get('xw')!.map((n) => n.name)).toEqual(['add', 'dead_sigmoid']);
    expect(producerMap(g).get('pre')!.name).toBe('add');
    expect([...initializerMap(g).keys()]).toEqual(['W', 'B', 'unused']);
  });

  it('removes dead nodes and unread initializers, keeping the live path', async () => {
    const model = tinyModel();
    const removed = removeDeadNodes(model.graph!);
    expect(removed).toEqual({ nodes: 1, initializers: 1 });
    expect(model.graph!.node.map((n) => n.name)).toEqual(['matmul', 'add', 'relu']);
    expect(Array.from(await runTiny(encodeModel(model), X))).toEqual(Array.from(tinyReference(X)).map((v) => expect.closeTo(v, 5)));
  });

  it('replaces and inserts nodes in topological position, and the model still runs', async () => {
    const model = tinyModel();
    const g = model.graph!;
    const name = uniqueNamer(g);
    const scaled = name('W');
    expect(scaled).toBe('W_1');
    // Replace MatMul(X, W) by MatMul(X, Mul(W, 2)) and halve the output again: same result, new structure.
    setInitializer(g, makeTensor('two', DataType.FLOAT, [], [2]));
    setInitializer(g, makeTensor('half', DataType.FLOAT, [], [0.5]));
    const matmul = g.node.find((n) => n.name === 'matmul')!;
    insertBefore(g, matmul, [makeNode({ opType: 'Mul', inputs: ['W', 'two'], outputs: [scaled], name: name('scale_w') })]);
    replaceNode(g, matmul, [
      makeNode({ opType: 'MatMul', inputs: ['X', scaled], outputs: ['xw2'], name: 'matmul2' }),
      makeNode({ opType: 'Mul', inputs: ['xw2', 'half'], outputs: ['xw'], name: 'unscale' }),
    ]);
    expect(g.node.map((n) => n.opType)).toEqual(['Mul', 'MatMul', 'Mul', 'Add', 'Sigmoid', 'Relu']);
    expect(Array.from(await runTiny(encodeModel(model), X))).toEqual(Array.from(tinyReference(X)).map((v) => expect.closeTo(v, 5)));
  });

  it('builds typed attributes', () => {
    const node = makeNode({ opType: 'Conv', inputs: [], outputs: [], name: 'c', attributes: { group: 2, pads: [1, 1, 1, 1], auto_pad: 'NOTSET' }, floatAttributes: { alpha: 1 } });
    expect(attrInt(node, 'group', 1)).toBe(2);
    expect(attrInts(node, 'pads')).toEqual([1, 1, 1, 1]);
    expect(attrFloat(node, 'alpha', 0)).toBe(1);
    expect(attrInt(node, 'missing', 7)).toBe(7);
  });
});
