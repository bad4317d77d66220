// Applying one technique through the real pipeline (decode -> transform -> validate -> encode), as the app does,
// and checking what every test checks: the result loads in ORT with the same inputs and outputs.
import { expect } from 'vitest';
import { applyRecipe, type RecipeResult } from '../../../../src/engine/pipeline';
import { decodeModel, encodeModel, type ModelProto } from '../../../../src/engine/onnx';
import type { Feeds } from '../../../../src/engine/tensor-data';
import type { QuantLayerReport } from '../../../../src/engine/transforms/quant/report';
import type { OptionValue, StepReport, TransformContext, TransformId } from '../../../../src/engine/transforms/types';
import { floats, runOrt, type OrtRun } from './ort';

export interface Applied {
  bytes: Uint8Array;
  model: ModelProto;
  /** Quantization steps report bytes and weight errors per layer (QuantLayerReport); the rest is the same. */
  step: StepReport & { layers: QuantLayerReport[] };
  result: RecipeResult;
}

export async function applyTechnique(id: TransformId, input: Uint8Array | ModelProto, options: Record<string, OptionValue> = {}, ctx: TransformContext = {}): Promise<Applied> {
  const bytes = input instanceof Uint8Array ? input : encodeModel(input);
  const result = await applyRecipe(bytes, [{ transform: id, options }], ctx);
  // A plain copy: in Node, protobufjs encodes into a Buffer, whose decoded raw_data views share a pool.
  const out = new Uint8Array(result.bytes);
  return { bytes: out, model: decodeModel(out), step: result.steps[0] as Applied['step'], result };
}

export function layer(step: StepReport, node: string) {
  const l = step.layers.find((x) => x.node === node);
  if (!l) throw new Error(`no report row for ${node}: ${step.layers.map((x) => x.node).join(', ')}`);
  return l;
}

/** bytesAfter / bytesBefore summed over the changed layers. */
export function changedBytesRatio(layers: QuantLayerReport[]): number {
  const changed = layers.filter((l) => l.action === 'changed');
  const before = changed.reduce((n, l) => n + l.bytesBefore, 0);
  return changed.reduce((n, l) => n + l.bytesAfter, 0) / before;
}

/**
 * Runs both models on `feeds` (or takes the original's run, made once by the caller) and checks that the compressed
 * one loads with the same input/output names, types and shapes (as ORT reports them) and returns the same output
 * dims. Returns the float outputs of both, by name.
 */
export async function compareWithReference(original: Uint8Array | OrtRun, compressed: Uint8Array, feeds: Feeds) {
  const ref = original instanceof Uint8Array ? await runOrt(original, feeds) : original;
  const got = await runOrt(compressed, feeds);
  expect(got.signature).toEqual(ref.signature);
  const pairs: Record<string, { ref: Float32Array; got: Float32Array }> = {};
  for (const name of ref.outputNames) {
    expect(got.outputs[name].dims).toEqual(ref.outputs[name].dims);
    expect(got.outputs[name].type).toBe(ref.outputs[name].type);
    if (ref.outputs[name].type === 'float32') pairs[name] = { ref: floats(ref.outputs[name]), got: floats(got.outputs[name]) };
  }
  return pairs;
}
