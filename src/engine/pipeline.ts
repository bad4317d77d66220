// Applies a recipe (a list of technique steps) to model bytes. Each step starts from a freshly decoded model,
// so a step can never see another step's half-edited state, and the same bytes + recipe give the same bytes.
// gzip sizes are measured apart from the compression (compressRecipe, then recipeSizes): deflating a 10 MB model
// takes several times longer than quantizing it, and the worker hands the bytes to ORT before that is done.
import { decodeModel, encodeModel, findNonFinite, type ModelProto } from './onnx';
import { DONE } from './i18n-text';
import { modelProblem } from './onnx/validate';
import { gzipSize, measureSize, sha256Hex, type RawSize, type SizeInfo } from './size';
import { getTransform } from './transforms';
import { FOLDS_BEFORE, foldBatchNorms, withFold } from './transforms/fold-batchnorm/fold';
import { nonFiniteCaveat } from './transforms/findings';
import { resolveOptions } from './transforms/options';
import type { AppliedStep, OptionValue, StepReport, Transform, TransformContext, TransformId, TransformOutcome } from './transforms/types';

export interface RecipeStep {
  transform: TransformId;
  options?: Record<string, OptionValue>;
  /** Node names to leave as they are (e.g. the most sensitive layers kept in fp32). */
  exclude?: string[];
  /** Multi-stage models (photo OCR): the stages this step applies to; every stage when absent. */
  stages?: string[];
}

export type Recipe = RecipeStep[];

/** A compressed model with its raw sizes; `recipeSizes` adds the gzip sizes. */
export interface CompressedRecipe {
  bytes: Uint8Array;
  before: RawSize;
  after: RawSize;
  steps: StepReport[];
}

export interface RecipeResult extends CompressedRecipe {
  before: SizeInfo;
  after: SizeInfo;
}

/** Compresses: the bytes and each step's report, with raw sizes only (no gzip on this path). */
export async function compressRecipe(bytes: Uint8Array, recipe: Recipe, ctx: TransformContext = {}): Promise<CompressedRecipe> {
  let current = bytes;
  const steps: StepReport[] = [];
  const history: Uint8Array[] = [];
  const applied: AppliedStep[] = [];
  // A recovery step re-applies the quantization steps it trained for: same context, its own progress.
  const replay = async (input: Uint8Array, again: readonly AppliedStep[]) => (await compressRecipe(input, [...again], { ...ctx, onProgress: undefined })).bytes;
  for (const [i, step] of recipe.entries()) {
    const transform = getTransform(step.transform);
    const options = resolveOptions(transform.meta, step.options);
    const t0 = performance.now();
    const model = decodeModel(current);
    const progress: TransformContext['onProgress'] = (f, message, training) => ctx.onProgress?.((i + f) / recipe.length, message, training);
    const exclude = step.exclude?.length ? new Set(step.exclude) : undefined;
    history.push(current);
    const poisoned = nonFiniteCaveat(findNonFinite(model.graph!)); // before the step: its checks reuse the counts
    const stepCtx: TransformContext = { ...ctx, onProgress: progress, exclude, history: [...history], previousSteps: [...applied], replay };
    const outcome = await runStep(transform, model, options, stepCtx, i);
    applied.push({ transform: transform.meta.id, options, ...(step.exclude?.length ? { exclude: [...step.exclude] } : {}) });
    if (poisoned) outcome.caveats = [poisoned, ...(outcome.caveats ?? [])];
    const next = outcome.unchanged ? current : encodeModel(model);
    steps.push({
      ...outcome,
      transform: transform.meta.id,
      options,
      before: { raw: current.length },
      after: { raw: next.length },
      paramsChanged: outcome.layers.filter((l) => l.action === 'changed').reduce((n, l) => n + l.paramsBefore, 0),
      ms: performance.now() - t0,
    });
    current = next;
  }
  ctx.onProgress?.(1, DONE);
  return { bytes: current, before: { raw: bytes.length }, after: { raw: current.length }, steps };
}

/** Raw and gzip sizes of a recipe's input and output (each array's gzip size is measured once). */
export async function recipeSizes(input: Uint8Array, output: Uint8Array): Promise<{ before: SizeInfo; after: SizeInfo }> {
  const [before, after] = await Promise.all([measureSize(input), measureSize(output)]);
  return { before, after };
}

/** compressRecipe plus gzip sizes. In Node the input's gzip runs on zlib's thread while the steps run. */
export async function applyRecipe(bytes: Uint8Array, recipe: Recipe, ctx: TransformContext = {}): Promise<RecipeResult> {
  gzipSize(bytes).catch(() => undefined); // starts now; recipeSizes awaits the same measurement (and its error)
  const result = await compressRecipe(bytes, recipe, ctx);
  return { ...result, ...(await recipeSizes(bytes, result.bytes)) };
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
    outcome = await applyStep(transform, model, options, ctx);
  } catch (e) {
    // A sentence written for users (capitalized, or naming the technique) passes through; a crash or an internal
    // assertion ("tensor x: 12 bytes for 3 FLOAT values") gets the step's name and something to do.
    const forUsers = (m: string) => /^[A-Z]/.test(m) || m.startsWith(transform.meta.label.en) || m.startsWith(transform.meta.id);
    if (e instanceof Error && !PROGRAMMING_ERRORS.some((T) => e instanceof T) && forUsers(e.message)) throw e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new Error(`${name} could not handle this model: it met a case the technique does not cover (${what}). Leave this step out or try another technique.`, { cause: e });
  }
  const problem = outcome.unchanged ? undefined : modelProblem(model);
  if (problem) throw new Error(`${name} produced an invalid model (${problem}) This is a bug in ModelLab: leave this step out or try another technique.`);
  return outcome;
}

/**
 * One technique on a decoded model, after its pre-pass: quantizing techniques first fold BatchNormalization into
 * the convolutions before them (transforms/fold-batchnorm), and the fold's rows lead the step's report.
 */
export async function applyStep(transform: Transform, model: ModelProto, options: Record<string, OptionValue>, ctx: TransformContext): Promise<TransformOutcome> {
  const fold = FOLDS_BEFORE.has(transform.meta.id) ? foldBatchNorms(model, ctx) : undefined;
  return withFold(fold, await transform.apply(model, options, ctx));
}

/** Cache key for a compressed variant: the input model's hash plus the recipe with all options resolved. */
export async function recipeKey(modelHash: string, recipe: Recipe): Promise<string> {
  const resolved = recipe.map((s) => ({ t: s.transform, o: sortKeys(resolveOptions(getTransform(s.transform).meta, s.options)), x: [...(s.exclude ?? [])].sort(), ...(s.stages ? { s: [...s.stages].sort() } : {}) }));
  return sha256Hex(`${modelHash}:${JSON.stringify(resolved)}`);
}

function sortKeys(o: Record<string, OptionValue>): Record<string, OptionValue> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
