// Runs one pruning technique through the real pipeline (decode -> transform -> encode), as the app does.
import { applyRecipe, type RecipeResult } from '../../../../src/engine/pipeline';
import { decodeModel, encodeModel, type ModelProto } from '../../../../src/engine/onnx';
import type { OptionValue, StepReport, TransformId } from '../../../../src/engine/transforms/types';

export interface Applied {
  bytes: Uint8Array;
  model: ModelProto;
  step: StepReport;
  result: RecipeResult;
}

export async function applyOne(input: Uint8Array | ModelProto, transform: TransformId, options: Record<string, OptionValue> = {}): Promise<Applied> {
  const bytes = input instanceof Uint8Array ? input : encodeModel(input);
  const result = await applyRecipe(bytes, [{ transform, options }]);
  return { bytes: result.bytes, model: decodeModel(result.bytes), step: result.steps[0], result };
}

export function layer(step: StepReport, node: string) {
  const l = step.layers.find((x) => x.node === node);
  if (!l) throw new Error(`no report row for ${node}: ${step.layers.map((x) => x.node).join(', ')}`);
  return l;
}
