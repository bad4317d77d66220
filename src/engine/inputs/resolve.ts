// An upload's input specs: the name-hint defaults, overridden by what the user chose for this model before
// (remembered by model hash) wherever that still fits the model.
import type { IoInfo } from '../model-info';
import { defaultSpecs } from './hints';
import { checkDims, type InputSpec, type SavedInputs } from './spec';

export function resolveSpecs(inputs: readonly IoInfo[], modelName: string, saved?: SavedInputs): InputSpec[] {
  return defaultSpecs(inputs, modelName).map((spec) => {
    const dims = saved?.dims[spec.name];
    const fill = saved?.fills[spec.name];
    return {
      ...spec,
      dims: dims && !checkDims(spec, dims) ? [...dims] : spec.dims,
      fill: fill && (fill.kind === 'random' || Number.isFinite(fill.value)) ? fill : spec.fill,
    };
  });
}

/** The first problem that keeps these specs from making inputs (a dimension to give, a wrong size). */
export function specProblem(specs: readonly InputSpec[]) {
  for (const spec of specs) {
    const problem = checkDims(spec, spec.dims);
    if (problem) return problem;
  }
  return undefined;
}

export function savedFrom(specs: readonly InputSpec[]): SavedInputs {
  const dims: SavedInputs['dims'] = {};
  const fills: SavedInputs['fills'] = {};
  for (const s of specs) {
    if (s.dims.every((d) => d !== undefined)) dims[s.name] = s.dims as number[];
    fills[s.name] = s.fill;
  }
  return { dims, fills };
}
