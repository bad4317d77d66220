// Applying a quantization technique the way the pipeline does (fresh decode, options resolved against the meta)
// and checking what every test checks: the result loads in ORT with the same inputs and outputs.
import { expect } from 'vitest';
import { decodeModel, encodeModel } from '../../../../src/engine/onnx';
import type { Feeds } from '../../../../src/engine/tensor-data';
import { getTransform } from '../../../../src/engine/transforms';
import { resolveOptions } from '../../../../src/engine/transforms/options';
import type { QuantLayerReport } from '../../../../src/engine/transforms/quant/report';
import type { TransformContext, TransformOutcome } from '../../../../src/engine/transforms/types';
import { floats, ioSignature, runOrt } from './quant-ort';

export interface Applied {
  bytes: Uint8Array;
  outcome: Omit<TransformOutcome, 'layers'> & { layers: QuantLayerReport[] };
}

export async function applyTechnique(id: string, input: Uint8Array, options: Record<string, unknown> = {}, ctx: TransformContext = {}): Promise<Applied> {
  const t = getTransform(id);
  const model = decodeModel(input);
  const outcome = await t.apply(model, resolveOptions(t.meta, options), ctx);
  // A plain Uint8Array: in Node, protobufjs encodes into a Buffer, whose decoded raw_data views share a pool.
  return { bytes: new Uint8Array(encodeModel(model)), outcome: outcome as Applied['outcome'] };
}

/** bytesAfter / bytesBefore summed over the changed layers. */
export function changedBytesRatio(layers: QuantLayerReport[]): number {
  const changed = layers.filter((l) => l.action === 'changed');
  const before = changed.reduce((n, l) => n + l.bytesBefore, 0);
  return changed.reduce((n, l) => n + l.bytesAfter, 0) / before;
}

/**
 * Runs both models on `feeds` and checks that the quantized one loads, keeps the graph's input/output names, types
 * and shapes, and returns the same output names and dims. Returns the float outputs of both, by name.
 */
export async function compareWithReference(original: Uint8Array, quantized: Uint8Array, feeds: Feeds) {
  expect(ioSignature(decodeModel(quantized))).toEqual(ioSignature(decodeModel(original)));
  const ref = await runOrt(original, feeds);
  const got = await runOrt(quantized, feeds);
  expect(got.inputNames).toEqual(ref.inputNames);
  expect(got.outputNames).toEqual(ref.outputNames);
  const pairs: Record<string, { ref: Float32Array; got: Float32Array }> = {};
  for (const name of ref.outputNames) {
    expect(got.outputs[name].dims).toEqual(ref.outputs[name].dims);
    expect(got.outputs[name].type).toBe(ref.outputs[name].type);
    if (ref.outputs[name].type === 'float32') pairs[name] = { ref: floats(ref.outputs[name]), got: floats(got.outputs[name]) };
  }
  return pairs;
}
