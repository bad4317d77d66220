// The codec's structural checks (src/engine/onnx/validate.ts): each rule names the broken part in a sentence, and
// no real model trips any of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttributeType, DataType, create, decodeModel, encodeModel, makeNode, type ModelProto } from '../../../src/engine/onnx';
import { modelProblem } from '../../../src/engine/onnx/validate';
import { committedOnnxFiles, loadRealModel, OCR_REC } from '../transforms/helpers/real-models';
import { tinyModel } from '../fixtures/tiny-model';

const tensor = (m: ModelProto, name: string) => m.graph!.initializer.find((t) => t.name === name)!;

describe('structural validation of decoded models', () => {
  it('passes every shipped model and the PP-OCR recognizer', async () => {
    const paths = [...committedOnnxFiles(), (await loadRealModel(OCR_REC)).path];
    expect(paths.length).toBeGreaterThanOrEqual(4);
    for (const path of paths) expect(modelProblem(decodeModel(new Uint8Array(readFileSync(path)))), path).toBeUndefined();
  });

  const rules: [string, (m: ModelProto) => void, RegExp][] = [
    ['data shorter than the shape', (m) => (tensor(m, 'W').rawData = tensor(m, 'W').rawData.slice(0, 20)), /Tensor "W" should hold 12 FLOAT values \(48 bytes\).*but its data is 20 bytes/],
    ['a shape with a negative dim', (m) => (tensor(m, 'W').dims = [-4, 3]), /Tensor "W" has an impossible shape \[-4, 3\]/],
    ['a 2^40-element shape', (m) => (tensor(m, 'B').dims = [2 ** 40]), /declares 1\.10e\+12 values/],
    ['no data at all', (m) => (tensor(m, 'B').rawData = new Uint8Array(0)), /should hold 3 FLOAT values .* but has 0/],
    ['an unknown data type', (m) => (tensor(m, 'B').dataType = 99), /unknown data type \(99\)/],
    ['external data', (m) => Object.assign(tensor(m, 'W'), { dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }], rawData: new Uint8Array(0) }), /separate file \("w\.bin"\).*save_as_external_data=False/],
    ['a dangling input', (m) => (m.graph!.node[1].input[1] = 'ghost'), /Node "add" \(Add\) reads "ghost", which no node/],
    ['two writers of a tensor', (m) => (m.graph!.node[2].output[0] = 'pre'), /Tensor "pre" is written by two nodes/],
    ['a node overwriting a graph input', (m) => (m.graph!.node[2].output[0] = 'X'), /overwrites the graph input "X"/],
    ['a cycle', (m) => (m.graph!.node[0].input[0] = 'Y'), /has a cycle/],
    ['no outputs', (m) => (m.graph!.output = []), /declares no outputs/],
    ['an output nobody writes', (m) => (m.graph!.output[0].name = 'nowhere'), /graph output "nowhere" is not produced/],
    ['opset 0', (m) => (m.opsetImport[0].version = 0), /operator set version 0/],
    ['the default opset twice', (m) => m.opsetImport.push(create.opset({ domain: 'ai.onnx', version: 9 })), /operator set of "ai\.onnx" twice \(versions 17 and 9\)/],
    ['IR 3 with an initializer that is neither input nor read', (m) => (m.irVersion = 3), /Initializer "unused" is neither a graph input nor read/],
  ];
  for (const [what, edit, says] of rules) {
    it(`rejects ${what}`, () => {
      const m = tinyModel();
      edit(m);
      expect(modelProblem(m)).toMatch(says);
      expect(() => decodeModel(encodeModel(m))).toThrow(says);
    });
  }

  it('accepts what ORT accepts: nodes out of order, subgraphs reading outer tensors, optional empty inputs', () => {
    const m = tinyModel();
    m.graph!.node.reverse();
    const body = create.graph({ name: 'then', node: [makeNode({ opType: 'Identity', inputs: ['pre'], outputs: ['inner'], name: 'id' })], output: [create.valueInfo({ name: 'inner' })] });
    const ifNode = makeNode({ opType: 'If', inputs: ['cond'], outputs: ['maybe'], name: 'if' });
    ifNode.attribute.push(create.attribute({ name: 'then_branch', type: AttributeType.GRAPH, g: body }));
    m.graph!.node.push(ifNode);
    m.graph!.input.push(create.valueInfo({ name: 'cond', type: { tensorType: { elemType: DataType.BOOL, shape: { dim: [] } } } }));
    m.graph!.node.push(makeNode({ opType: 'Clip', inputs: ['Y', '', 'B'], outputs: ['clipped'], name: 'clip' }));
    expect(modelProblem(m)).toBeUndefined();
  });
});
