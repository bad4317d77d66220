// Element-type inference: which tensors of a graph are float32 (the ones quantization and fp16 may touch). Exported
// models rarely carry value_info for every tensor, so types are propagated through the nodes with the ONNX type
// rules of each operator; a tensor whose type cannot be known (custom-domain ops) is left out of the map, and the
// transforms treat it as "do not touch".
import { AttributeType, DataType, attrInt, getAttribute, type GraphProto, type NodeProto } from '../../onnx';

const BOOL_OUT = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);
const INT64_OUT = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin', 'NonMaxSuppression']);
const SAME_TYPE_INPUTS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Sum', 'Mean', 'Max', 'Min', 'Concat', 'MatMul', 'Gemm', 'PRelu', 'Mod']);
/** Ops whose output types follow a typed attribute (default float32 unless noted). */
const DTYPE_ATTR: Record<string, number | 'input'> = {
  RandomNormal: DataType.FLOAT, RandomUniform: DataType.FLOAT, RandomNormalLike: 'input', RandomUniformLike: 'input',
  EyeLike: 'input', Bernoulli: 'input', Multinomial: DataType.INT32,
};

function declared(graph: GraphProto, types: Map<string, number>): void {
  for (const v of [...graph.input, ...graph.output, ...graph.valueInfo]) {
    const t = v.type?.tensorType?.elemType;
    if (t) types.set(v.name, t);
  }
  for (const t of graph.initializer) types.set(t.name, t.dataType);
}

function constantType(node: NodeProto): number | undefined {
  for (const a of node.attribute) {
    if (a.name === 'value' && a.t) return a.t.dataType;
    if (a.name === 'value_float' || a.name === 'value_floats') return DataType.FLOAT;
    if (a.name === 'value_int' || a.name === 'value_ints') return DataType.INT64;
    if (a.name === 'value_string' || a.name === 'value_strings') return DataType.STRING;
  }
  return undefined;
}

function subgraphOutputTypes(g: GraphProto | null | undefined, skip: number): (number | undefined)[] {
  return (g?.output ?? []).slice(skip).map((o) => o.type?.tensorType?.elemType || undefined);
}

/** Output element types of one node, or undefined where the rule is unknown. */
export function nodeOutputTypes(node: NodeProto, types: ReadonlyMap<string, number>): (number | undefined)[] {
  const input = (i: number) => (node.input[i] ? types.get(node.input[i]) : undefined);
  // Default: the first input's type. Ops whose inputs all share one type may take it from any known input.
  const same = input(0) ?? (SAME_TYPE_INPUTS.has(node.opType) ? node.input.map((n) => (n ? types.get(n) : undefined)).find((t) => t !== undefined) : undefined);
  const op = node.opType;
  const n = node.output.length;
  const all = (t: number | undefined) => new Array<number | undefined>(n).fill(t);
  if (node.domain === 'com.microsoft') return op === 'MatMulNBits' ? all(input(0)) : all(undefined);
  if (node.domain && node.domain !== 'ai.onnx') return all(undefined);
  if (BOOL_OUT.has(op)) return all(DataType.BOOL);
  if (INT64_OUT.has(op)) return all(DataType.INT64);
  if (op in DTYPE_ATTR) {
    const a = getAttribute(node, 'dtype');
    const d = DTYPE_ATTR[op];
    return all(a ? a.i : d === 'input' ? same : d);
  }
  switch (op) {
    case 'Cast': return all(attrInt(node, 'to', 0) || undefined);
    case 'CastLike': return all(input(1));
    case 'Constant': return all(constantType(node));
    case 'ConstantOfShape': return all(getAttribute(node, 'value')?.t?.dataType ?? DataType.FLOAT);
    case 'TopK': case 'MaxPool': return [same, DataType.INT64].slice(0, n);
    case 'Unique': return [same, DataType.INT64, DataType.INT64, DataType.INT64].slice(0, n);
    case 'Dropout': return [same, DataType.BOOL].slice(0, n);
    case 'Where': return all(input(1));
    case 'OneHot': return all(input(2));
    case 'QuantizeLinear': return all(input(2) ?? DataType.UINT8);
    case 'DequantizeLinear': return all(input(1));
    case 'DynamicQuantizeLinear': return [DataType.UINT8, DataType.FLOAT, DataType.UINT8].slice(0, n);
    case 'MatMulInteger': case 'ConvInteger': return all(DataType.INT32);
    case 'QLinearConv': case 'QLinearMatMul': return all(input(7));
    case 'LayerNormalization': return [same, DataType.FLOAT, DataType.FLOAT].slice(0, n);
    case 'TfIdfVectorizer': return all(DataType.FLOAT);
    case 'If': return subgraphOutputTypes(getAttribute(node, 'then_branch')?.g, 0);
    case 'Loop': return subgraphOutputTypes(getAttribute(node, 'body')?.g, 1);
    case 'Scan': return subgraphOutputTypes(getAttribute(node, 'body')?.g, 0);
    default:
      // Sequence/optional ops and anything holding a graph: unknown. Everything else keeps its first input's type.
      if (op.startsWith('Sequence') || op.startsWith('Optional') || node.attribute.some((a) => a.type === AttributeType.GRAPH)) return all(undefined);
      return all(same);
  }
}

/** tensor name -> ONNX DataType for every tensor of `graph` whose type is declared or can be inferred. */
export function inferElemTypes(graph: GraphProto, outer?: ReadonlyMap<string, number>): Map<string, number> {
  const types = new Map<string, number>(outer ?? []);
  declared(graph, types);
  for (const node of graph.node) {
    const out = nodeOutputTypes(node, types);
    node.output.forEach((name, i) => {
      if (name && !types.has(name) && out[i]) types.set(name, out[i]!);
    });
  }
  return types;
}

export const isFloatType = (t: number | undefined): boolean =>
  t === DataType.FLOAT || t === DataType.FLOAT16 || t === DataType.DOUBLE || t === DataType.BFLOAT16;
