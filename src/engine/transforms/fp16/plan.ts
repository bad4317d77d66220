// Decides which nodes of a float32 graph compute in float16 and which stay float32. Like onnxconverter-common's
// convert_float_to_float16, ops on its block list stay float32 (with Casts around them); in addition, float math on
// integers (shape arithmetic: Shape -> Cast(float) -> Div -> ...) stays float32, since float16 holds integers
// exactly only up to 2048, and so do nodes the converter cannot type (custom domains) and control-flow nodes (their
// subgraphs are planned on their own, with float32 at their boundaries).
import { DataType, attrInt, hasSubgraphs, type GraphProto, type NodeProto } from '../../onnx';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { isFloatType } from '../quant/elem-types';
import { text, type Text } from '../../i18n-text';

/** onnxconverter-common's DEFAULT_OP_BLOCK_LIST, plus ops whose float inputs must stay float32 in ONNX/ORT. */
export const BLOCKED_OPS = new Set([
  'ArrayFeatureExtractor', 'Binarizer', 'CastMap', 'CategoryMapper', 'DictVectorizer', 'FeatureVectorizer', 'Imputer',
  'LabelEncoder', 'LinearClassifier', 'LinearRegressor', 'Normalizer', 'OneHotEncoder', 'RandomUniformLike', 'SVMClassifier',
  'SVMRegressor', 'Scaler', 'TreeEnsembleClassifier', 'TreeEnsembleRegressor', 'ZipMap', 'NonMaxSuppression', 'TopK',
  'RoiAlign', 'Resize', 'Range', 'CumSum', 'Min', 'Max', 'Upsample',
  // Random generators and ops typed by a dtype attribute; quantization ops (their scales are float32 before opset 19).
  'RandomNormal', 'RandomUniform', 'RandomNormalLike', 'Multinomial', 'Bernoulli', 'EyeLike', 'OneHot',
  'QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear',
]);

export interface Fp16Plan {
  /** Nodes that stay float32, with the reason. */
  kept: Map<NodeProto, Text>;
  /** Float32 constants (initializers or Constant outputs) that become float16. */
  convertedSources: Set<string>;
}

/** The reason ops on the block list stay float32 (the report groups them by this very object). */
export const ON_BLOCK_LIST = text('on the float16 block list', '在 float16 禁用列表中');

function blockReason(node: NodeProto, types: ReadonlyMap<string, number>, pinned: ReadonlySet<string>): Text | null {
  if (node.domain && node.domain !== 'ai.onnx') return text(`${node.domain} operator`, `${node.domain} 算子`);
  if (hasSubgraphs(node)) return text('control flow (its subgraphs are converted on their own)', '控制流（其子图单独转换）');
  if (BLOCKED_OPS.has(node.opType)) return ON_BLOCK_LIST;
  if (node.opType === 'LayerNormalization' && node.output.slice(1).some((o) => o)) return text('mean/inv_std outputs stay float32', 'mean/inv_std 输出保持 float32');
  // A tensor of unknown type comes from a custom op kept in float32: its readers stay float32 too.
  if (node.input.some((n) => n && !types.has(n))) return text('input type unknown', '输入类型未知');
  const readsFloat = node.input.some((n) => n && types.get(n) === DataType.FLOAT);
  if (readsFloat && node.output.some((o) => o && types.get(o) === undefined)) return text('output type unknown', '输出类型未知');
  if (node.output.some((o) => pinned.has(o))) return text('read inside a subgraph', '在子图中被读取');
  return null;
}

export const outOfRangeReason = (tensor: string, max: number): Text => text(
  `weight ${tensor} exceeds the float16 range (|value| up to ${max.toPrecision(3)} > 65504)`,
  `权重 ${tensor} 超出 float16 范围（|值| 最大 ${max.toPrecision(3)} > 65504）`,
);

/** Why a node that only passes on an excluded layer's float32 output stays float32 too. */
export const FOLLOWS_EXCLUDED = text('reads only float32 outputs of excluded layers', '只读取已排除层的 float32 输出');
const FROM_INTEGERS = text('computes on integer values (shape arithmetic)', '对整数值计算（形状运算）');

/**
 * `sources` are the float32 constants, `pinned` the tensors that must keep float32 (read by subgraphs, or both a
 * constant and a graph output). `exclude` names layers kept float32 as they are; weightless nodes reading only
 * their outputs (Relu, pooling...) stay float32 as well, so excluding every layer gives back the float32 model
 * instead of one that casts activations to float16 and back between layers.
 */
export function planFp16(graph: GraphProto, types: ReadonlyMap<string, number>, sources: ReadonlySet<string>, pinned: ReadonlySet<string>, exclude?: ReadonlySet<string>, outOfRange?: ReadonlyMap<string, number>): Fp16Plan {
  const kept = new Map<NodeProto, Text>();
  const intDerived = new Set<string>();
  const excludedOut = new Set<string>();
  const isFloat = (n: string) => !!n && types.get(n) === DataType.FLOAT;
  for (const node of graph.node) {
    if (node.opType === 'Constant' && (!node.domain || node.domain === 'ai.onnx')) continue; // a source, decided below
    const floatIns = node.input.filter(isFloat);
    const follows = floatIns.length > 0 && floatIns.every((n) => excludedOut.has(n));
    if (isExcluded(node, exclude) || follows) {
      node.output.filter(isFloat).forEach((o) => excludedOut.add(o));
      kept.set(node, follows ? FOLLOWS_EXCLUDED : EXCLUDED_DETAIL);
      continue;
    }
    const castFromInt = node.opType === 'Cast' && attrInt(node, 'to', 0) === DataType.FLOAT && !isFloatType(types.get(node.input[0]));
    const fromInts = castFromInt || node.opType === 'ConstantOfShape'
      || (floatIns.some((n) => intDerived.has(n)) && floatIns.every((n) => intDerived.has(n) || sources.has(n)));
    if (fromInts) {
      node.output.filter(isFloat).forEach((o) => intDerived.add(o));
      kept.set(node, FROM_INTEGERS);
      continue;
    }
    // A weight float16 cannot hold (beyond ±65504) would be clamped: its readers keep float32 instead.
    const big = outOfRange && node.input.find((n) => outOfRange.has(n));
    const reason = big ? outOfRangeReason(big, outOfRange.get(big)!) : blockReason(node, types, pinned);
    if (reason) kept.set(node, reason);
  }
  const convertedSources = new Set<string>();
  for (const node of graph.node) {
    if (kept.has(node) || node.opType === 'Constant') continue;
    for (const n of node.input) if (sources.has(n) && !pinned.has(n)) convertedSources.add(n);
  }
  return { kept, convertedSources };
}
