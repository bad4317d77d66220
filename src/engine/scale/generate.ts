// Builds a Transformer of a chosen shape as ONNX bytes (IR 8, opset 17, standard ops): nothing downloaded, nothing
// committed, the same bytes for the same shape and seed. Refuses a shape that would not fit before allocating it.
import { create, encodeModel, elementCount, tensorShape, type ModelProto } from '../onnx';
import type { Text } from '../i18n-text';
import { CONST_PREFIX, GraphBuilder } from './builder';
import { buildDecoder } from './decoder';
import { buildEncoder } from './encoder';
import { assertGenerationFits } from './memory';
import { shapeProblem, type TransformerShape } from './shape';

export const PRODUCER_NAME = 'modellab-scale-lab';

/** Said wherever a generated model's numbers appear. */
export const RANDOM_WEIGHTS_NOTE: Text = {
  en: 'Random weights: size, memory and latency are real; quality is agreement with the fp32 model only.',
  zh: '随机权重：大小、内存和延迟是真实的；质量仅指与 fp32 模型的一致程度。',
};

export class ShapeError extends Error {
  override name = 'ShapeError';
}

export function buildTransformerModel(shape: TransformerShape, seed: number, dry = false): ModelProto {
  const problem = shapeProblem(shape);
  if (problem) throw new ShapeError(problem);
  const b = new GraphBuilder(seed, dry);
  const io = shape.kind === 'encoder' ? buildEncoder(b, shape) : buildDecoder(b, shape);
  const graph = create.graph({
    name: `scale_${shape.kind}`, node: b.nodes, initializer: [...b.weights, ...b.constants], input: io.inputs, output: io.outputs,
  });
  return create.model({
    irVersion: 8, opsetImport: [create.opset({ domain: '', version: 17 })], producerName: PRODUCER_NAME, producerVersion: '1',
    docString: RANDOM_WEIGHTS_NOTE.en, graph,
    metadataProps: [{ key: 'shape', value: JSON.stringify(shape) }, { key: 'seed', value: String(seed) }],
  });
}

/** Weights of a model (graph constants such as shapes and scales excluded), counted from its initializers. */
export function countParameters(model: ModelProto): number {
  return model.graph!.initializer.filter((t) => !t.name.startsWith(CONST_PREFIX)).reduce((n, t) => n + elementCount(tensorShape(t)), 0);
}

/**
 * The model as ONNX bytes. Throws ShapeError for an invalid shape and ScaleMemoryError, before any weight exists,
 * for one that would not fit (`deviceMemoryGiB`: navigator.deviceMemory where the browser reports it).
 */
export function generateTransformer(shape: TransformerShape, seed: number, deviceMemoryGiB?: number): Uint8Array {
  const problem = shapeProblem(shape);
  if (problem) throw new ShapeError(problem);
  assertGenerationFits(shape, deviceMemoryGiB);
  return encodeModel(buildTransformerModel(shape, seed));
}
