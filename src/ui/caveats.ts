// Which technique caveats apply to a pane right now (backend, what the model contains). Pure, so it is tested.
import type { Text } from '../engine/i18n-text';
import type { ModelSummary } from '../engine/model-info';
import { getTransform } from '../engine/transforms';
import type { RecipeStep } from '../engine/pipeline';
import type { Backend } from '../runtime/backend';

export interface Situation {
  backend: Backend;
  summary?: ModelSummary;
  /** An upload without samples of the user's: calibration and agreement run on synthetic inputs. */
  syntheticInputs?: boolean;
}

export function applicableCaveats(recipe: readonly RecipeStep[], situation: Situation): { transform: string; text: Text }[] {
  const out: { transform: string; text: Text }[] = [];
  for (const step of recipe) {
    const meta = getTransform(step.transform).meta;
    for (const caveat of meta.caveats) {
      const applies =
        caveat.when === 'always' ||
        caveat.when === situation.backend ||
        (caveat.when === 'no-matmul' && situation.summary !== undefined && !situation.summary.hasMatMul) ||
        (caveat.when === 'has-conv' && situation.summary?.hasConv === true) ||
        (caveat.when === 'synthetic-inputs' && situation.syntheticInputs === true);
      if (applies && !out.some((c) => c.text.en === caveat.text.en)) out.push({ transform: meta.id, text: caveat.text });
    }
  }
  return out;
}
