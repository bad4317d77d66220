// Applies a recipe (a list of technique steps) to model bytes. Each step starts from a freshly decoded model,
// so a step can never see another step's half-edited state, and the same bytes + recipe give the same bytes.
import { decodeModel, encodeModel, type ModelProto } from './onnx';
import { modelProblem } from './onnx/validate';
import { measureSize, sha256Hex, type SizeInfo } from './size';
import { getTransform } from './transforms';
import { resolveOptions } from './transforms/options';
import type { OptionValue, StepReport, Transform, TransformContext, TransformId, TransformOutcome } from './transforms/types';

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

/**
 * `sizes` measures each step's output; the default includes gzip, which costs seconds per 10 MB in JS, so callers
 * compressing hundreds of MB (the scale lab) pass a raw-only measure.
 */
export async function applyRecipe(bytes: Uint8Array, recipe: Recipe, ctx: TransformContext = {}, sizes: (bytes: Uint8Array) => SizeInfo = measureSize): Promise<RecipeResult> {
  const before = sizes(bytes);
  let current = bytes;
  let currentSize = before;
  const steps: StepReport[] = [];
  const history: Uint8Array[] = [];
  for (const [i, step] of recipe.entries()) {
    const transform = getTransform(step.transform);
    const options = resolveOptions(transform.meta, step.options);
    const t0 = performance.now();
    const model = decodeModel(current);
    const progress = (f: number, message: string) => ctx.onProgress?.((i + f) / recipe.length, message);
    const exclude = step.exclude?.length ? new Set(step.exclude) : undefined;
    history.push(current);
    const outcome = await runStep(transform, model, options, { ...ctx, onProgress: progress, exclude, history: [...history] }, i);
    const next = encodeModel(model);
    const ms = performance.now() - t0;
    const after = sizes(next);
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

const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];

/**
 * Runs one technique on `model`. Its own messages (needs calibration data...) pass through as they are; a crash
 * (a case the code does not cover, met on an unusual model) or an invalid result says which step failed,
 * instead of a bare "Cannot read properties of undefined" or an ORT load error about a tensor the user never made.
 */
async function runStep(transform: Transform, model: ModelProto, options: Record<string, OptionValue>, ctx: TransformContext, index: number): Promise<TransformOutcome> {
  const name = `Step ${index + 1} (${transform.meta.label.en})`;
  let outcome: TransformOutcome;
  try {
    outcome = await transform.apply(model, options, ctx);
  } catch (e) {
    // A sentence written for users (capitalized, or naming the technique) passes through; a crash or an internal
    // assertion ("tensor x: 12 bytes for 3 FLOAT values") gets the step's name and something to do.
    const forUsers = (m: string) => /^[A-Z]/.test(m) || m.startsWith(transform.meta.label.en) || m.startsWith(transform.meta.id);
    if (e instanceof Error && !PROGRAMMING_ERRORS.some((T) => e instanceof T) && forUsers(e.message)) throw e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new Error(`${name} could not handle this model: it met a case the technique does not cover (${what}). Leave this step out or try another technique.`, { cause: e });
  }
  const problem = modelProblem(model);
  if (problem) throw new Error(`${name} produced an invalid model (${problem}) This is a bug in ModelLab: leave this step out or try another technique.`);
  return outcome;
}

/** Cache key for a compressed variant: the input model's hash plus the recipe with all options resolved. */
export async function recipeKey(modelHash: string, recipe: Recipe): Promise<string> {
  const resolved = recipe.map((s) => ({ t: s.transform, o: sortKeys(resolveOptions(getTransform(s.transform).meta, s.options)), x: [...(s.exclude ?? [])].sort() }));
  return sha256Hex(`${modelHash}:${JSON.stringify(resolved)}`);
}

function sortKeys(o: Record<string, OptionValue>): Record<string, OptionValue> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
