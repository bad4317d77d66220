// The weight layers the training-free recovery techniques work on (Conv, Gemm, MatMul with a constant float32
// weight), keyed by their output tensor: recipe steps keep layer output names, so a layer is found again in the
// model before a step (the reference) by that name, however its weights were rewritten.
import { attrInt, DataType, decodeModel, tensorShape, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from '../../onnx';
import { constantSources } from '../quant/graph-utils';

export interface FloatLayer {
  node: NodeProto;
  op: 'Conv' | 'Gemm' | 'MatMul';
  weightName: string;
  weight: TensorProto;
  dims: number[];
  /** Axis of the weight holding output channels, and the one holding inputs (Conv: 0 and 1). */
  outAxis: number;
  inAxis: number;
  group: number;
}

/** Layers by output name. Gemm with transA, MatMul with a constant left operand and non-2-D MatMul weights are left out. */
export function floatLayers(graph: GraphProto): Map<string, FloatLayer> {
  const sources = constantSources(graph);
  const out = new Map<string, FloatLayer>();
  for (const node of graph.node) {
    if (node.domain && node.domain !== 'ai.onnx') continue;
    const op = node.opType;
    if (op !== 'Conv' && op !== 'Gemm' && op !== 'MatMul') continue;
    const weight = sources.get(node.input[1])?.tensor;
    if (!weight || weight.dataType !== DataType.FLOAT || sources.has(node.input[0])) continue;
    const dims = tensorShape(weight);
    let axes: [number, number];
    if (op === 'Conv') axes = [0, 1];
    else if (dims.length !== 2 || (op === 'Gemm' && attrInt(node, 'transA', 0))) continue;
    else axes = op === 'Gemm' && attrInt(node, 'transB', 0) ? [0, 1] : [1, 0];
    out.set(node.output[0], { node, op, weightName: node.input[1], weight, dims, outAxis: axes[0], inAxis: axes[1], group: op === 'Conv' ? attrInt(node, 'group', 1) : 1 });
  }
  return out;
}

export interface Reference {
  model: ModelProto;
  /** Index into the recipe: the reference is the model step `step + 1` started from. */
  step: number;
}

/**
 * The latest model in the recipe history (before this step's own input) that `fits`, e.g. "still had these
 * layers unpruned". history[last] is this step's input, so the search starts one before it.
 */
export function findReference(history: readonly Uint8Array[] | undefined, fits: (candidate: ModelProto) => boolean): Reference | undefined {
  if (!history) return undefined;
  for (let j = history.length - 2; j >= 0; j--) {
    const model = decodeModel(history[j]);
    if (fits(model)) return { model, step: j };
  }
  return undefined;
}
