// Running models in real ORT-web (WASM, Node build) for the transform tests, and the measures the tests state
// their tolerances in. One runner, one feed generator, one set of comparisons for quantization and pruning alike.
import * as ort from 'onnxruntime-web';
import { decodeModel } from '../../../../src/engine/onnx';
import { mulberry32 } from '../../../../src/engine/random';
import type { Feeds, ModelRunner, PlainTensor } from '../../../../src/engine/tensor-data';

ort.env.wasm.numThreads = 1; // deterministic and fair on the 2 shared cores
ort.env.logLevel = 'error';

function toOrt(feeds: Feeds): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.type, t.data, t.dims)]));
}

/** The engine's ModelRunner on ORT-web, as the worker provides it in the app. */
export const ortRunner: ModelRunner = {
  async open(bytes) {
    const session = await ort.InferenceSession.create(bytes);
    return {
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      async run(feeds) {
        const out = await session.run(toOrt(feeds));
        return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { type: t.type, dims: [...t.dims], data: t.data } as PlainTensor]));
      },
      close: () => session.release(),
    };
  },
};

export interface Signature {
  inputs: string[];
  outputs: string[];
}

export interface OrtRun {
  inputNames: readonly string[];
  outputNames: readonly string[];
  outputs: Record<string, PlainTensor>;
  /** The session's input/output names, types and declared shapes (see ortSignature). */
  signature: Signature;
}

function signatureOf(session: ort.InferenceSession): Signature {
  const describe = (m: readonly ort.InferenceSession.ValueMetadata[]) =>
    m.map((v) => (v.isTensor ? `${v.name}:${v.type}[${v.shape.join(',')}]` : `${v.name}:non-tensor`));
  return { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
}

/** Loads `bytes` in ORT (which validates the model) and runs it once. */
export async function runOrt(bytes: Uint8Array, feeds: Feeds): Promise<OrtRun> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run(toOrt(feeds));
    const outputs = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { type: t.type, dims: [...t.dims], data: t.data } as PlainTensor]));
    return { inputNames: session.inputNames, outputNames: session.outputNames, outputs, signature: signatureOf(session) };
  } finally {
    await session.release();
  }
}

/** Names, types and declared shapes of the inputs and outputs, as ORT reports them after loading. */
export async function ortSignature(bytes: Uint8Array): Promise<Signature> {
  const session = await ort.InferenceSession.create(bytes);
  const sig = signatureOf(session);
  await session.release();
  return sig;
}

/**
 * Seeded feeds for a hand-built model's inputs: floats uniform in [-1, 1); integer inputs (token ids, masks) in
 * [1, 8), valid for any vocabulary of 8+ entries; bools true. Symbolic dims: `batch` for the first, 8 after it;
 * `dims` overrides whole shapes by input name. Real models get real samples instead (real-models.ts).
 */
export function randomFeeds(bytes: Uint8Array, seed: number, batch = 1, dims: Record<string, number[]> = {}): Feeds {
  const graph = decodeModel(bytes).graph!;
  const inits = new Set(graph.initializer.map((t) => t.name));
  const rand = mulberry32(seed);
  const feeds: Feeds = {};
  for (const input of graph.input) {
    if (inits.has(input.name)) continue;
    const type = input.type?.tensorType;
    const shape = dims[input.name] ?? (type?.shape?.dim ?? []).map((d, i) => (d.dimValue ? Number(d.dimValue) : i === 0 ? batch : 8));
    const n = shape.reduce((a, b) => a * b, 1);
    const ints = () => Array.from({ length: n }, () => 1 + Math.floor(rand() * 7));
    switch (type?.elemType) {
      case 7: feeds[input.name] = { type: 'int64', dims: shape, data: BigInt64Array.from(ints(), BigInt) }; break;
      case 6: feeds[input.name] = { type: 'int32', dims: shape, data: Int32Array.from(ints()) }; break;
      case 9: feeds[input.name] = { type: 'bool', dims: shape, data: Uint8Array.from({ length: n }, () => 1) }; break;
      default: feeds[input.name] = { type: 'float32', dims: shape, data: Float32Array.from({ length: n }, () => rand() * 2 - 1) };
    }
  }
  return feeds;
}

export function floats(t: PlainTensor): Float32Array {
  if (!(t.data instanceof Float32Array)) throw new Error(`expected float32 output, got ${t.type}`);
  return t.data;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na === 0 && nb === 0 ? 1 : dot / Math.sqrt(na * nb);
}

/** Largest |a[i] - b[i]|; Infinity when the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** maxAbsDiff over every float output of two runs of models with the same outputs. */
export function runDiff(a: OrtRun, b: OrtRun): number {
  return Math.max(0, ...a.outputNames.filter((n) => a.outputs[n].type === 'float32').map((n) => maxAbsDiff(floats(a.outputs[n]), floats(b.outputs[n]))));
}

/** Largest |value| over every float output (to express errors relative to the output scale). */
export function runMaxAbs(r: OrtRun): number {
  return Math.max(0, ...r.outputNames.filter((n) => r.outputs[n].type === 'float32').map((n) => maxAbs(floats(r.outputs[n]))));
}

/** Output dims by name. */
export const runDims = (r: OrtRun): Record<string, readonly number[]> => Object.fromEntries(r.outputNames.map((n) => [n, r.outputs[n].dims]));

/** Fraction of rows (last axis of size `classes`) whose argmax is the same in both outputs. */
export function argmaxAgreement(a: Float32Array, b: Float32Array, classes: number): number {
  const rows = a.length / classes;
  let same = 0;
  for (let r = 0; r < rows; r++) {
    let ia = 0, ib = 0;
    for (let c = 1; c < classes; c++) {
      if (a[r * classes + c] > a[r * classes + ia]) ia = c;
      if (b[r * classes + c] > b[r * classes + ib]) ib = c;
    }
    if (ia === ib) same++;
  }
  return same / rows;
}
