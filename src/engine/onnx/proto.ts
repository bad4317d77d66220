// The one door to the generated ONNX protobuf code (onnx-proto, protobufjs static output).
// Hand-written model code imports from here, never from onnx-proto directly, so the generated code stays
// apart, is configured exactly once, and is seen through the strict types below.
import protobuf from 'protobufjs/minimal.js';
import onnxProto from 'onnx-proto';

// protobufjs decodes int64 as Long objects where the `long` package can be `require`d (Node) and as plain
// numbers where it cannot (a browser bundle). Force plain numbers everywhere so engine code and tests see the
// same values; ONNX dims and attribute ints fit comfortably in 2^53.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

const gen = onnxProto.onnx;

// Decoded and created messages always own their repeated fields (the generated constructors set them to [])
// and read scalar defaults from the prototype, so these non-optional types describe them truthfully.
export interface TensorProto {
  name: string; dims: number[]; dataType: number; rawData: Uint8Array; docString: string;
  floatData: number[]; int32Data: number[]; int64Data: number[]; doubleData: number[]; uint64Data: number[];
  stringData: Uint8Array[]; externalData: { key: string; value: string }[]; dataLocation: number;
}
export interface AttributeProto {
  name: string; type: number; f: number; i: number; s: Uint8Array; t: TensorProto | null; g: GraphProto | null;
  floats: number[]; ints: number[]; strings: Uint8Array[]; tensors: TensorProto[]; graphs: GraphProto[];
}
export interface NodeProto {
  name: string; opType: string; domain: string; input: string[]; output: string[]; attribute: AttributeProto[]; docString: string;
}
export interface TensorShapeDim { dimValue?: number; dimParam?: string }
export interface ValueInfoProto {
  name: string; docString: string;
  type?: { tensorType?: { elemType: number; shape?: { dim: TensorShapeDim[] } } } | null;
}
export interface GraphProto {
  name: string; node: NodeProto[]; initializer: TensorProto[]; input: ValueInfoProto[]; output: ValueInfoProto[];
  valueInfo: ValueInfoProto[]; docString: string;
}
export interface OperatorSetId { domain: string; version: number }
export interface ModelProto {
  irVersion: number; producerName: string; producerVersion: string; domain: string; modelVersion: number;
  docString: string; graph: GraphProto | null; opsetImport: OperatorSetId[]; metadataProps: { key: string; value: string }[];
}

type Creator<T> = (props: Partial<T>) => T;
const creator = <T>(Type: { create(p?: object): unknown }): Creator<T> => (p) => Type.create(p) as T;

export const create = {
  model: creator<ModelProto>(gen.ModelProto),
  graph: creator<GraphProto>(gen.GraphProto),
  node: creator<NodeProto>(gen.NodeProto),
  tensor: creator<TensorProto>(gen.TensorProto),
  attribute: creator<AttributeProto>(gen.AttributeProto),
  valueInfo: creator<ValueInfoProto>(gen.ValueInfoProto),
  opset: creator<OperatorSetId>(gen.OperatorSetIdProto),
};

export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export function decodeModelProto(bytes: Uint8Array): ModelProto {
  return gen.ModelProto.decode(bytes) as unknown as ModelProto;
}

export function encodeModelProto(model: ModelProto): Uint8Array {
  return gen.ModelProto.encode(model as unknown as Parameters<typeof gen.ModelProto.encode>[0]).finish();
}

/** Narrows a generated `number | Long` (kept for safety should a Long slip through, e.g. from another decoder). */
export function int64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number };
    return l.high * 2 ** 32 + (l.low >>> 0);
  }
  throw new Error(`expected an int64, got ${String(v)}`);
}
