// Finds the weight layers a quantization technique can handle (MatMul/Gemm/Conv with a constant float32 weight)
// in every graph of the model (If/Loop/Scan bodies included) and, for everything else holding a sizeable constant,
// the reason it is left alone, so the layer report lists it.
import {
  DataType, attrInt, dataTypeName, describeNonFiniteText, elementCount, graphScopes, nonFinite, nonFiniteTotal, tensorShape,
  type GraphProto, type GraphScope, type NodeProto, type TensorProto,
} from '../../onnx';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { text, type Text } from '../../i18n-text';
import { visibleConstants, type ConstantSource } from './graph-utils';

export type WeightOp = 'MatMul' | 'Gemm' | 'Conv';

export interface WeightLayer {
  node: NodeProto;
  op: WeightOp;
  /** Name of the weight tensor the node reads (input 1). */
  weightName: string;
  weight: TensorProto;
  dims: number[];
  /** Axis of the output channels in the stored weight: Conv [O,I,kh,kw] -> 0, MatMul [K,N] -> 1, Gemm -> 0 or 1. */
  channelAxis: number;
  /** Gemm only: B is stored as [N,K]. */
  transB: boolean;
  /** The graph holding the node (the weight may live in an enclosing one). */
  scope: GraphScope;
}

export interface SkippedLayer {
  node: NodeProto;
  reason: Text;
  weight?: TensorProto;
  scope: GraphScope;
}

/** The reason a weight holding NaN/Inf is left alone, or undefined when it is finite. */
export function nonFiniteReason(t: TensorProto): Text | undefined {
  const r = nonFinite(t);
  if (!nonFiniteTotal(r)) return undefined;
  const what = describeNonFiniteText(r);
  return text(`weight ${t.name} holds ${what.en}: left as it is`, `权重 ${t.name} 含 ${what.zh}：保持原样`);
}

/** Constants with at least this many elements count as weights when an unhandled op reads them. */
const WEIGHT_MIN_ELEMENTS = 1024;

export interface FindOptions {
  ops: ReadonlySet<WeightOp>;
  /** Allowed Conv weight ranks (4 = Conv2D); others are skipped with a reason. */
  convRanks?: ReadonlySet<number>;
  /** Why an op outside `ops` is not handled, e.g. "int4 covers MatMul only". */
  otherOpReason: (op: string) => Text;
  /** Node names to leave as they are (TransformContext.exclude): listed as skipped. */
  exclude?: ReadonlySet<string>;
}

type Found = Omit<WeightLayer, 'scope'> | Omit<SkippedLayer, 'scope'>;

function check(node: NodeProto, sources: Map<string, ConstantSource>, opts: FindOptions): Found | null {
  const op = node.opType as WeightOp;
  const isDefault = !node.domain || node.domain === 'ai.onnx';
  const weightOp = isDefault && ['MatMul', 'Gemm', 'Conv'].includes(op);
  if (!weightOp || !opts.ops.has(op)) {
    // Weight ops this technique leaves alone are always listed; other ops only when they hold a sizeable weight.
    const floats = node.input.map((n) => sources.get(n)?.tensor).filter((t) => t && t.dataType === DataType.FLOAT) as TensorProto[];
    const weight = weightOp ? sources.get(node.input[1])?.tensor : floats.find((t) => elementCount(tensorShape(t)) >= WEIGHT_MIN_ELEMENTS);
    return weight || (weightOp && floats.length) ? { node, reason: opts.otherOpReason(node.opType), weight } : null;
  }
  const [a, b] = node.input;
  const weight = sources.get(b)?.tensor;
  if (!weight) {
    const aConst = sources.get(a)?.tensor;
    return aConst
      ? { node, reason: text('the constant is the left operand; only input × constant weight is handled', '常量是左操作数；只处理“输入 × 常量权重”的形式'), weight: aConst }
      : { node, reason: text('both inputs are computed at run time (no constant weight)', '两个输入都在运行时计算（没有常量权重）') };
  }
  if (sources.has(a)) return { node, reason: text('both inputs are constant (ORT folds this at load)', '两个输入都是常量（ORT 加载时会将其折叠）'), weight };
  const type = dataTypeName(weight.dataType);
  if (weight.dataType !== DataType.FLOAT) return { node, reason: text(`weight is ${type}, not float32`, `权重是 ${type}，不是 float32`), weight };
  const poisoned = nonFiniteReason(weight);
  if (poisoned) return { node, reason: poisoned, weight };
  const dims = tensorShape(weight);
  if (op === 'Conv') {
    const ranks = opts.convRanks ?? new Set([3, 4, 5]);
    if (!ranks.has(dims.length)) return { node, reason: text(`${dims.length - 2}-D convolution is not supported here`, `这里不支持 ${dims.length - 2} 维卷积`), weight };
    return { node, op, weightName: b, weight, dims, channelAxis: 0, transB: false };
  }
  if (dims.length !== 2) return { node, reason: text(`weight has rank ${dims.length}; only 2-D weights are handled`, `权重的秩为 ${dims.length}；只处理二维权重`), weight };
  if (op === 'Gemm') {
    if (attrInt(node, 'transA', 0)) return { node, reason: text('Gemm with transA=1 is not handled', '不处理 transA=1 的 Gemm'), weight };
    const transB = attrInt(node, 'transB', 0) === 1;
    return { node, op, weightName: b, weight, dims, channelAxis: transB ? 0 : 1, transB };
  }
  return { node, op, weightName: b, weight, dims, channelAxis: 1, transB: false };
}

/** Splits the nodes of every graph (main graph first, then nested ones) into handled weight layers and skipped ones. */
export function findWeightLayers(main: GraphProto, opts: FindOptions): { layers: WeightLayer[]; skipped: SkippedLayer[] } {
  const layers: WeightLayer[] = [];
  const skipped: SkippedLayer[] = [];
  for (const scope of graphScopes(main)) {
    const sources = visibleConstants(scope);
    for (const node of scope.graph.node) {
      const r = check(node, sources, opts);
      if (!r) continue;
      if ('op' in r && isExcluded(node, opts.exclude)) skipped.push({ node, reason: EXCLUDED_DETAIL, weight: r.weight, scope });
      else if ('op' in r) layers.push({ ...r, scope });
      else skipped.push({ ...r, scope });
    }
  }
  return { layers, skipped };
}
