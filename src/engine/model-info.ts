// What a model is made of, for the model card panel and for inputs of models we know nothing about (uploads).
import { elementCount, tensorDataBytes, tensorShape, dataTypeName, type ModelProto, type ValueInfoProto } from './onnx';
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
  nodes: number;
  ops: Record<string, number>;
  params: number;
  weightBytes: number;
  inputs: IoInfo[];
  outputs: IoInfo[];
  /** Techniques depend on these: int4 only shrinks MatMul weights, structured pruning acts on Conv/Gemm/MatMul. */
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
  for (const n of graph.node) ops[n.opType] = (ops[n.opType] ?? 0) + 1;
  let params = 0, weightBytes = 0;
  for (const t of graph.initializer) {
    params += elementCount(tensorShape(t));
    weightBytes += tensorDataBytes(t);
  }
  return {
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    opsets: Object.fromEntries(model.opsetImport.map((o) => [o.domain || 'ai.onnx', int64(o.version)])),
    nodes: graph.node.length,
    ops,
    params,
    weightBytes,
    // Older exporters list initializers among the inputs too; those are not inputs a user feeds.
    inputs: graph.input.filter((v) => !initNames.has(v.name)).map(io),
    outputs: graph.output.map(io),
    hasMatMul: Boolean(ops.MatMul || ops.Gemm),
    hasConv: Boolean(ops.Conv),
  };
}
