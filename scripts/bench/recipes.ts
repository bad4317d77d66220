// The standard recipes every benchmarked model goes through, as data: the browser bench page, the native runs and
// the engine-speed runs all read this one list. Options are spelled out (not left to defaults) so a changed
// default cannot silently change what the published numbers mean; checkRecipes() validates them with the same
// resolveOptions the app uses, so a typo fails before any minute is spent measuring.
import { getTransform } from '../../src/engine/transforms';
import { resolveOptions } from '../../src/engine/transforms/options';
import type { Recipe } from '../../src/engine/pipeline';

export interface StandardRecipe {
  /** Stable key used in results.json and file names. */
  name: string;
  /** How tables label it. */
  label: string;
  recipe: Recipe;
}

export const STANDARD_RECIPES: StandardRecipe[] = [
  { name: 'fp32', label: 'fp32 (original)', recipe: [] },
  { name: 'fp16', label: 'fp16', recipe: [{ transform: 'fp16' }] },
  { name: 'int8-dynamic', label: 'int8 dynamic', recipe: [{ transform: 'int8-dynamic', options: { granularity: 'per-channel', conv: true } }] },
  {
    name: 'int8-qdq', label: 'int8 QDQ per-channel',
    recipe: [{ transform: 'int8-qdq', options: { granularity: 'per-channel', activations: 'int8', calibration: 'minmax' } }],
  },
  { name: 'int4', label: 'int4 (block 32)', recipe: [{ transform: 'int4', options: { blockSize: 32, mode: 'asymmetric' } }] },
  {
    name: 'prune-unstructured-50', label: 'prune 50% unstructured',
    recipe: [{ transform: 'prune-unstructured', options: { method: 'magnitude', rate: 50, scope: 'layer' } }],
  },
  { name: 'prune-structured-50', label: 'prune 50% structured', recipe: [{ transform: 'prune-structured', options: { rate: 50, norm: 'l1' } }] },
  { name: 'low-rank', label: 'low-rank (90% energy)', recipe: [{ transform: 'low-rank', options: { mode: 'energy', energy: 90 } }] },
];

/** The recipes of `--quick`: the baseline and one int8 recipe. */
export const QUICK_RECIPES = ['fp32', 'int8-dynamic'];

/** Throws with the offending recipe's name when a step names an unknown technique or a bad option value. */
export function checkRecipes(recipes: readonly StandardRecipe[] = STANDARD_RECIPES): void {
  const names = new Set<string>();
  for (const r of recipes) {
    if (names.has(r.name)) throw new Error(`Duplicate bench recipe name "${r.name}".`);
    names.add(r.name);
    for (const step of r.recipe) {
      try {
        resolveOptions(getTransform(step.transform).meta, step.options);
      } catch (e) {
        throw new Error(`Bench recipe "${r.name}": ${(e as Error).message}`);
      }
    }
  }
  if (!recipes.some((r) => r.name === 'fp32' && r.recipe.length === 0)) throw new Error('The bench needs the fp32 recipe ([]) as its baseline.');
}

export function pickRecipes(names: readonly string[] | undefined): StandardRecipe[] {
  if (!names) return STANDARD_RECIPES;
  return names.map((n) => {
    const r = STANDARD_RECIPES.find((x) => x.name === n);
    if (!r) throw new Error(`Unknown bench recipe "${n}". Valid: ${STANDARD_RECIPES.map((x) => x.name).join(', ')}.`);
    return r;
  });
}
