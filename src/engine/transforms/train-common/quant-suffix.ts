// Quantization-aware training, as a recipe sees it: the quantization steps right before a training step are
// undone for training (the float model they started from is trained, through simulated quantization) and done
// again afterwards with the same options, so the result has the same operators and size as before.
import { DataType, decodeModel, tensorShape, type ModelProto } from '../../onnx';
import { fakeQuantizer, schemeOf, type FakeQuant } from '../../train/fake-quant';
import type { AppliedStep, TransformContext } from '../types';

const QUANT = new Set(['fp16', 'int8-dynamic', 'int8-qdq', 'int4']);

export interface TrainingStart {
  /** The bytes to train: the model before the trailing quantization steps (this step's input when there are none). */
  floatBytes: Uint8Array;
  /** Those trailing quantization steps, to apply again after training. */
  requantize: AppliedStep[];
  /** Whether an unstructured pruning step came before (its zeros must stay zero). */
  pruned: boolean;
  /** Whether anything compressed the model before this step. */
  compressed: boolean;
}

export function trainingStart(current: Uint8Array, ctx: TransformContext): TrainingStart {
  const history = ctx.history?.length ? ctx.history : [current];
  const previous = ctx.previousSteps ?? [];
  let first = previous.length;
  while (first > 0 && QUANT.has(previous[first - 1].transform)) first--;
  const requantize = previous.slice(first);
  if (requantize.length && !ctx.replay) throw new Error('Quantization-aware training needs the recipe pipeline (applyRecipe) to apply the quantization again.');
  const before = previous.slice(0, first);
  return {
    floatBytes: history[first] ?? current,
    requantize,
    pruned: before.some((s) => s.transform === 'prune-unstructured'),
    compressed: previous.some((s) => s.transform !== 'recover'),
  };
}

/**
 * For each weight a quantization step would quantize, the quantizer that simulates it. Which weights those are is
 * found by running each step on the float model and seeing which float tensors it replaced, so the selection
 * rules (layer kinds, sizes, excluded layers) are exactly the step's own.
 */
export async function fakeQuantPlan(floatBytes: Uint8Array, steps: readonly AppliedStep[], ctx: TransformContext): Promise<Map<string, FakeQuant>> {
  const float = decodeModel(floatBytes);
  const out = new Map<string, FakeQuant>();
  let bytes = floatBytes;
  for (const step of steps) {
    const scheme = schemeOf(step.transform, step.options);
    const floatsBefore = floatInitializers(decodeModel(bytes));
    bytes = await ctx.replay!(bytes, [step]);
    const after = floatInitializers(decodeModel(bytes));
    if (!scheme) continue;
    for (const [name, dims] of floatsBefore) {
      if (after.has(name) || out.has(name)) continue;
      if (!float.graph!.initializer.some((t) => t.name === name)) continue;
      out.set(name, fakeQuantizer(float, name, dims, scheme));
    }
  }
  return out;
}

function floatInitializers(model: ModelProto): Map<string, number[]> {
  return new Map(model.graph!.initializer.filter((t) => t.dataType === DataType.FLOAT).map((t) => [t.name, tensorShape(t)]));
}
