// How many calibration samples a recipe's steps read (TransformMeta.calibration), so the worker builds that many
// feeds once for the whole recipe, and the page keys cached variants of calibrated recipes by thread count.
import type { Recipe } from '../pipeline';
import { getTransform } from './index';
import { resolveOptions } from './options';

export interface CalibrationNeeds {
  /** 0 when no step runs the model. */
  samples: number;
  /** Some step chose its count by option (training-free recovery): such steps want samples spread over the set. */
  byOption: boolean;
}

export function calibrationNeeds(recipe: Recipe): CalibrationNeeds {
  let samples = 0;
  let byOption = false;
  for (const step of recipe) {
    const meta = getTransform(step.transform).meta;
    const need = meta.calibration;
    if (!need) continue;
    if ('samples' in need) samples = Math.max(samples, need.samples);
    else {
      byOption = true;
      samples = Math.max(samples, Number(resolveOptions(meta, step.options)[need.samplesOption]));
    }
  }
  return { samples, byOption };
}
