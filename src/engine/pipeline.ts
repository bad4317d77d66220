// Applies a recipe (a list of technique steps) to model bytes. Each step starts from a freshly decoded model,
// so a step can never see another step's half-edited state, and the same bytes + recipe give the same bytes.
import { decodeModel, encodeModel } from './onnx';
import { measureSize, sha256Hex, type SizeInfo } from './size';
import { getTransform } from './transforms';
import { resolveOptions } from './transforms/options';
import type { OptionValue, StepReport, TransformContext, TransformId } from './transforms/types';

export interface RecipeStep {
  transform: TransformId;
  options?: Record<string, OptionValue>;
  /** Node names to leave as they are (e.g. the most sensitive layers kept in fp32). */
  exclude?: string[];
}

export type Recipe = RecipeStep[];

export interface RecipeResult {
  bytes: Uint8Array;
  before: SizeInfo;
  after: SizeInfo;
  steps: StepReport[];
}

export async function applyRecipe(bytes: Uint8Array, recipe: Recipe, ctx: TransformContext = {}): Promise<RecipeResult> {
  const before = measureSize(bytes);
  let current = bytes;
  let currentSize = before;
  const steps: StepReport[] = [];
  for (const [i, step] of recipe.entries()) {
    const transform = getTransform(step.transform);
    const options = resolveOptions(transform.meta, step.options);
    const t0 = performance.now();
    const model = decodeModel(current);
    const progress = (f: number, message: string) => ctx.onProgress?.((i + f) / recipe.length, message);
    const exclude = step.exclude?.length ? new Set(step.exclude) : undefined;
    const outcome = await transform.apply(model, options, { ...ctx, onProgress: progress, exclude });
    const next = encodeModel(model);
    const ms = performance.now() - t0;
    const after = measureSize(next);
    steps.push({
      ...outcome,
      transform: transform.meta.id,
      options,
      before: currentSize,
      after,
      paramsChanged: outcome.layers.filter((l) => l.action === 'changed').reduce((n, l) => n + l.paramsBefore, 0),
      ms,
    });
    current = next;
    currentSize = after;
  }
  ctx.onProgress?.(1, 'done');
  return { bytes: current, before, after: currentSize, steps };
}

/** Cache key for a compressed variant: the input model's hash plus the recipe with all options resolved. */
export async function recipeKey(modelHash: string, recipe: Recipe): Promise<string> {
  const resolved = recipe.map((s) => ({ t: s.transform, o: sortKeys(resolveOptions(getTransform(s.transform).meta, s.options)), x: [...(s.exclude ?? [])].sort() }));
  return sha256Hex(`${modelHash}:${JSON.stringify(resolved)}`);
}

function sortKeys(o: Record<string, OptionValue>): Record<string, OptionValue> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
