// Running models in ORT-web (Node build, WASM EP) for the pruning tests: signatures, seeded feeds, comparisons.
import * as ort from 'onnxruntime-web';
import { readFloat32, decodeModel, tensorShape, type ModelProto, type TensorProto } from '../../../../src/engine/onnx';
import { mulberry32 } from './prune-nets';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

export interface Signature {
  inputs: string[];
  outputs: string[];
}

/** Names, types and declared shapes of the inputs and outputs, as ORT reports them after loading. */
export async function ortSignature(bytes: Uint8Array): Promise<Signature> {
  const session = await ort.InferenceSession.create(bytes);
  const describe = (m: readonly ort.InferenceSession.ValueMetadata[]) =>
    m.map((v) => (v.isTensor ? `${v.name}:${v.type}[${v.shape.join(',')}]` : `${v.name}:non-tensor`));
  const sig = { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
  await session.release();
  return sig;
}

export type FeedDims = Record<string, number[]>;

/**
 * Seeded feeds for any model: floats in [-1, 1); integer inputs (token ids, masks) in [1, 8), valid for any
 * vocabulary of 8+ entries and a "keep" value for masks. Symbolic dims: 1 for the first (batch), 8 for later ones.
 */
export function seededFeeds(bytes: Uint8Array, seed: number, dims: FeedDims = {}): Record<string, ort.Tensor> {
  const graph = decodeModel(bytes).graph!;
  const inits = new Set(graph.initializer.map((t) => t.name));
  const rand = mulberry32(seed);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of graph.input) {
    if (inits.has(input.name)) continue;
    const type = input.type?.tensorType;
    const shape = dims[input.name] ?? (type?.shape?.dim ?? []).map((d, i) => (d.dimValue ? Number(d.dimValue) : i === 0 ? 1 : 8));
    const n = shape.reduce((a, b) => a * b, 1);
    const ints = () => Array.from({ length: n }, () => 1 + Math.floor(rand() * 7));
    switch (type?.elemType) {
      case 7: feeds[input.name] = new ort.Tensor('int64', BigInt64Array.from(ints(), BigInt), shape); break;
      case 6: feeds[input.name] = new ort.Tensor('int32', Int32Array.from(ints()), shape); break;
      case 9: feeds[input.name] = new ort.Tensor('bool', Uint8Array.from({ length: n }, () => 1), shape); break;
      default: feeds[input.name] = new ort.Tensor('float32', Float32Array.from({ length: n }, () => rand() * 2 - 1), shape);
    }
  }
  return feeds;
}

export interface RunResult {
  dims: Record<string, readonly number[]>;
  data: Record<string, Float32Array>;
}

export async function runOrt(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<RunResult> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run(feeds);
    const dims: RunResult['dims'] = {};
    const data: RunResult['data'] = {};
    for (const [name, t] of Object.entries(out)) {
      dims[name] = t.dims;
      data[name] = Float32Array.from(t.data as ArrayLike<number>, Number);
    }
    return { dims, data };
  } finally {
    await session.release();
  }
}

export function maxAbsDiff(a: RunResult, b: RunResult): number {
  let m = 0;
  for (const name of Object.keys(a.data)) {
    const x = a.data[name];
    const y = b.data[name];
    if (x.length !== y.length) return Infinity;
    for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  }
  return m;
}

/** Largest |value| over all outputs (to express errors relative to the output scale). */
export function maxAbs(r: RunResult): number {
  let m = 0;
  for (const x of Object.values(r.data)) for (const v of x) m = Math.max(m, Math.abs(v));
  return m;
}

/** Every weight-like float tensor: initializers and Constant-node values, by name, as Float32Array + shape. */
export function constantTensors(model: ModelProto): Map<string, { values: Float32Array; dims: number[] }> {
  const out = new Map<string, { values: Float32Array; dims: number[] }>();
  const g = model.graph!;
  const add = (name: string, t: TensorProto) => {
    if (t.dataType === 1 || t.dataType === 10) out.set(name, { values: readFloat32(t), dims: tensorShape(t) });
  };
  for (const t of g.initializer) add(t.name, t);
  for (const n of g.node) {
    const t = n.opType === 'Constant' ? n.attribute.find((a) => a.name === 'value')?.t : undefined;
    if (t) add(n.output[0], t);
  }
  return out;
}

export function countZeros(v: Float32Array): number {
  let z = 0;
  for (const x of v) if (x === 0) z++;
  return z;
}

/** Names of the weight tensors (Conv/Gemm input 1, the constant input of a MatMul), found independently of the engine. */
export function weightNames(model: ModelProto): string[] {
  const constants = constantTensors(model);
  const names = new Set<string>();
  for (const n of model.graph!.node) {
    if (n.opType === 'Conv' || n.opType === 'Gemm') {
      if (constants.has(n.input[1])) names.add(n.input[1]);
    } else if (n.opType === 'MatMul') {
      const w = n.input.find((i) => constants.has(i));
      if (w) names.add(w);
    }
  }
  return [...names];
}
