// What a model is made of, for the model card panel and for inputs of models we know nothing about (uploads).
import { elementCount, findNonFinite, graphScopes, tensorDataBytes, tensorShape, dataTypeName, type ModelProto, type NonFiniteTensor, type TensorProto, type ValueInfoProto } from './onnx';
import { int64 } from './onnx';

export interface IoInfo {
  name: string;
  elemType: string;
  /** Numbers for fixed dims, strings for symbolic ones (e.g. "N"), null when unknown. */
  dims: (number | string | null)[];
  /** False when the model declares no shape at all (dims is then [] without meaning "scalar"). */
  ranked?: false;
}

export interface ModelSummary {
  producer: string;
  opsets: Record<string, number>;
  /** Nodes and operator counts over every graph (If/Loop/Scan bodies included). */
  nodes: number;
  ops: Record<string, number>;
  /** Elements and bytes of every stored tensor: initializers and Constant values, in every graph. */
  params: number;
  weightBytes: number;
  /** Stored float tensors holding NaN or ±Inf, with counts (the UI warns when the model is opened). */
  nonFinite: NonFiniteTensor[];
  inputs: IoInfo[];
  outputs: IoInfo[];
  /** Techniques depend on these (in any graph): int4 only shrinks MatMul weights, structured pruning acts on Conv/Gemm/MatMul. */
  hasMatMul: boolean;
  hasConv: boolean;
}

function io(v: ValueInfoProto): IoInfo {
  const t = v.type?.tensorType;
  return {
    name: v.name,
    elemType: t ? dataTypeName(t.elemType).toLowerCase() : 'unknown',
    dims: (t?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue !== undefined && d.dimValue !== null ? int64(d.dimValue) : null)),
    ...(t?.shape ? {} : { ranked: false as const }),
  };
}

export function summarizeModel(model: ModelProto): ModelSummary {
  const graph = model.graph!;
  const initNames = new Set(graph.initializer.map((t) => t.name));
  const ops: Record<string, number> = {};
  let nodes = 0, params = 0, weightBytes = 0;
  const count = (t: TensorProto) => {
    params += elementCount(tensorShape(t));
    weightBytes += tensorDataBytes(t);
  };
  for (const { graph: g } of graphScopes(graph)) {
    g.initializer.forEach(count);
    for (const n of g.node) {
      nodes++;
      ops[n.opType] = (ops[n.opType] ?? 0) + 1;
      const value = n.opType === 'Constant' ? n.attribute.find((a) => a.name === 'value')?.t : undefined;
      if (value) count(value); // Paddle2ONNX keeps every weight in Constant nodes
    }
  }
  return {
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    opsets: Object.fromEntries(model.opsetImport.map((o) => [o.domain || 'ai.onnx', int64(o.version)])),
    nodes,
    ops,
    params,
    weightBytes,
    nonFinite: findNonFinite(graph),
    // Older exporters list initializers among the inputs too; those are not inputs a user feeds.
    inputs: graph.input.filter((v) => !initNames.has(v.name)).map(io),
    outputs: graph.output.map(io),
    hasMatMul: Boolean(ops.MatMul || ops.Gemm),
    hasConv: Boolean(ops.Conv),
  };
}
