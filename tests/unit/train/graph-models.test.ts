// The graph engine on whole models: gradients of a tiny Transformer exported exactly like the bundled sentiment
// model and of a small CNN shaped like the digits model (finite differences, float64), and the engine's forward
// pass against onnxruntime-web on the committed models and on what pruning and low-rank make of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataType, decodeModel, makeNode, makeTensor } from '../../../src/engine/onnx';
import { applyRecipe, type Recipe } from '../../../src/engine/pipeline';
import { mulberry32 } from '../../../src/engine/random';
import { GraphProgram } from '../../../src/engine/train/graph/program';
import { fromPlain, intTensor } from '../../../src/engine/train/graph/tensor';
import type { Feeds } from '../../../src/engine/tensor-data';
import { exportOnnx } from '../../../scripts/train-sentiment/onnx-export';
import { TINY_ARCH } from '../../../scripts/train-sentiment/grad-check';
import { initParams } from '../../../scripts/train-sentiment/params';
import { NODE_MODELS, loadNodeModel } from '../../../scripts/bench/node-models';
import { webWasmRunner } from '../../../scripts/bench/node-runner';
import { checkModel, singleOutputModel } from './op-graphs';

describe('graph engine gradients on whole models', () => {
  it('a tiny Transformer exported like the sentiment model (embeddings, masked attention, GELU, LayerNorm, pooling)', () => {
    const rand = mulberry32(3);
    const params = initParams(TINY_ARCH, rand);
    for (const p of Object.values(params)) for (let i = 0; i < p.length; i++) p[i] += 0.3 * (rand() - 0.5);
    const model = decodeModel(exportOnnx(TINY_ARCH, params, { docString: '', metadata: {} }));
    // Two sentences, the second padded: the mask path (Equal, Where, Cast, ReduceSum, Div) is exercised.
    const ids = intTensor([2, 5], [2, 5, 6, 7, 3, 2, 8, 3, 0, 0]);
    const mask = intTensor([2, 5], [1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    const r = checkModel(model, undefined, { input_ids: ids, attention_mask: mask }, 'logits');
    expect(r.checked).toBeGreaterThan(900);
    expect(r.maxRelError, r.worst).toBeLessThan(1e-4);
  });

  it('a small CNN with the digits model\'s layers (Conv, Relu, MaxPool, Flatten, Gemm)', () => {
    const rand = mulberry32(4);
    const w = (name: string, dims: number[]) => makeTensor(name, DataType.FLOAT, dims, Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => rand() - 0.5));
    const nodes = [
      makeNode({ opType: 'Conv', inputs: ['x', 'c1.w', 'c1.b'], outputs: ['c1'], name: 'conv1', attributes: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } }),
      makeNode({ opType: 'Relu', inputs: ['c1'], outputs: ['r1'], name: 'relu1' }),
      makeNode({ opType: 'MaxPool', inputs: ['r1'], outputs: ['p1'], name: 'pool1', attributes: { kernel_shape: [2, 2], strides: [2, 2] } }),
      makeNode({ opType: 'Conv', inputs: ['p1', 'c2.w', 'c2.b'], outputs: ['c2'], name: 'conv2', attributes: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } }),
      makeNode({ opType: 'Relu', inputs: ['c2'], outputs: ['r2'], name: 'relu2' }),
      makeNode({ opType: 'Flatten', inputs: ['r2'], outputs: ['f'], name: 'flatten' }),
      makeNode({ opType: 'Gemm', inputs: ['f', 'fc.w', 'fc.b'], outputs: ['Y'], name: 'fc', attributes: { transB: 1 } }),
    ];
    const model = singleOutputModel(nodes, [w('x', [2, 1, 6, 6]), w('c1.w', [3, 1, 3, 3]), w('c1.b', [3]), w('c2.w', [2, 3, 3, 3]), w('c2.b', [2]), w('fc.w', [4, 18]), w('fc.b', [4])]);
    const r = checkModel(model);
    expect(r.perParam['x'], 'the input gradient flows through both convolutions').toBeLessThan(1e-5);
    expect(r.maxRelError, r.worst).toBeLessThan(1e-5);
  });
});

const runner = webWasmRunner(1);

/** Largest |engine - ORT| over the first output, relative to the largest |ORT| value. */
async function forwardGap(bytes: Uint8Array, feeds: Feeds): Promise<number> {
  const program = new GraphProgram(decodeModel(bytes));
  const ours = program.forward(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, fromPlain(v, Float32Array)])))[program.outputNames[0]].data;
  const session = await runner.open(bytes);
  const theirs = (await session.run(feeds))[program.outputNames[0]].data as Float32Array;
  await session.close();
  let gap = 0, scale = 0;
  for (let i = 0; i < theirs.length; i++) { gap = Math.max(gap, Math.abs(ours[i] - theirs[i])); scale = Math.max(scale, Math.abs(theirs[i])); }
  expect(ours.length).toBe(theirs.length);
  return gap / scale;
}

describe('graph engine forward pass agrees with onnxruntime-web', () => {
  const recipes: [string, Recipe][] = [
    ['fp32', []],
    ['structured 50%', [{ transform: 'prune-structured', options: { rate: 50 } }]],
    ['unstructured 50%', [{ transform: 'prune-unstructured', options: { rate: 50 } }]],
    ['low-rank 90%', [{ transform: 'low-rank', options: { energy: 90 } }]],
  ];
  for (const id of ['digits-cnn', 'langid-50', 'sentiment-transformer']) {
    it(`${id}: within 1e-5 of the largest logit on 16 eval samples, for the model and its pruned/factorized variants`, async () => {
      const { bytes, adapter, samples } = loadNodeModel(NODE_MODELS.find((m) => m.id === id)!);
      const feeds = adapter.toFeeds(samples.slice(0, 16).map((s) => s.input));
      for (const [name, recipe] of recipes) {
        const variant = (await applyRecipe(bytes, recipe)).bytes;
        expect(await forwardGap(variant, feeds), name).toBeLessThan(1e-5);
      }
    });
  }
});

