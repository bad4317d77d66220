// Layer sensitivity: how much each layer alone loses when one technique is applied to it, and a mixed recipe that
// keeps the most sensitive layers as they are. Every number is measured: each layer's variant is built with all
// other candidate layers excluded and evaluated, and the suggested recipe is built and evaluated again for real.
// Pure: the caller says how to measure model bytes (the worker runs ORT; tests can too).
import { decodeModel, graphScopes } from './onnx';
import { DONE, same, text, type Text } from './i18n-text';
import { summarizeModel } from './model-info';
import { compressRecipe, type RecipeStep } from './pipeline';
import { measureSize, type SizeInfo } from './size';
import type { TransformContext } from './transforms/types';

export type SensitivityMetric = 'accuracy' | 'cer' | 'agreement';

/** One evaluation of some model bytes on the fixed subset, against the fp32 model. */
export interface Measurement {
  metric: SensitivityMetric;
  /** accuracy / agreement in 0..1 (higher is better), or CER in 0..1 (lower is better). */
  value: number;
  n: number;
  /** Share of samples with the fp32 model's top-1 answer, and mean |score - fp32 score|. */
  agreement: number;
  meanAbsDelta: number;
}

export interface SensitivityRow {
  node: string;
  op: string;
  /** This layer's parameters as a share of the model's (0..1). */
  paramsShare: number;
  /** Metric with only this layer compressed, minus the fp32 metric (signed, in metric units). */
  metricDelta: number;
  /** The loss in the metric's good direction: positive = worse than fp32. */
  damage: number;
  agreement: number;
  meanAbsDelta: number;
}

/** A measured variant: the step with `exclude`d layers kept as they are. */
export interface VariantCheck {
  exclude: string[];
  value: number;
  damage: number;
  agreement: number;
  meanAbsDelta: number;
  size: SizeInfo;
}

export interface SensitivityReport {
  step: RecipeStep;
  metric: SensitivityMetric;
  n: number;
  /** The fp32 model on the same subset. */
  baseline: number;
  baselineSize: SizeInfo;
  /** One row per layer the technique changes on its own, in graph order. */
  rows: SensitivityRow[];
  all: VariantCheck;
  suggestion: VariantCheck & {
    /** Sum of the positive single-layer damages of the layers still compressed. */
    predictedDamage: number;
    withinTolerance: boolean;
    /**
     * The mixed recipe the search found, when it measured no better than compressing every layer while being no
     * smaller: the suggestion then falls back to compressing every layer, and the UI shows both measurements.
     */
    dominated?: VariantCheck;
  };
  tolerance: number;
}

export interface SensitivityOptions {
  measure(bytes: Uint8Array): Promise<Measurement>;
  /** Damage allowed for the suggestion, in metric units (0.005 = 0.5 percentage points). */
  tolerance?: number;
  /** Calibration data and runner for techniques that need them (int8 QDQ). */
  ctx?: TransformContext;
  onProgress?: (done: number, total: number, message: Text) => void;
  checkCancelled?: () => void;
}

export const DEFAULT_TOLERANCE = 0.005;
/** Re-measured steps past the predicted k before the search gives up (each costs one compress + evaluation). */
const MAX_RECHECKS = 3;
/** 0.995 - 0.99 is 0.00500000000000004 in floats: one sample in 200 must still count as 0.5 points. */
const EPSILON = 1e-9;

export function damageOf(metric: SensitivityMetric, value: number, baseline: number): number {
  return metric === 'cer' ? value - baseline : baseline - value;
}

export async function analyseSensitivity(bytes: Uint8Array, step: RecipeStep, options: SensitivityOptions): Promise<SensitivityReport> {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const plain: RecipeStep = { transform: step.transform, options: step.options };
  const original = decodeModel(bytes);
  const nodes = graphScopes(original.graph!).flatMap((s) => s.graph.node); // layers inside subgraphs count too
  const order = new Map(nodes.map((n, i) => [n.name || n.output[0], i]));
  const ops = new Map(nodes.map((n) => [n.name || n.output[0], n.opType]));
  const totalParams = Math.max(1, summarizeModel(original).params);
  let done = 0;
  let total = 2;
  const tick = (message: Text) => options.onProgress?.(done++, total, message);

  tick(same('fp32'));
  const base = await options.measure(bytes);
  const variant = async (exclude: string[]) => {
    options.checkCancelled?.();
    const result = await compressRecipe(bytes, [{ ...plain, exclude }], options.ctx);
    const layers = result.steps[0].layers;
    const changed = new Set(layers.filter((l) => l.action === 'changed').map((l) => l.node));
    const params = new Map<string, number>();
    for (const l of layers) if (l.action === 'changed') params.set(l.node, (params.get(l.node) ?? 0) + l.paramsBefore);
    options.checkCancelled?.();
    const m = await options.measure(result.bytes);
    return { exclude, bytes: result.bytes, value: m.value, damage: damageOf(base.metric, m.value, base.value), agreement: m.agreement, meanAbsDelta: m.meanAbsDelta, changed, params };
  };
  // gzip is measured only for the variants whose size is shown (all layers, the suggestion).
  const checked = async ({ exclude, bytes: b, value, damage, agreement, meanAbsDelta }: Awaited<ReturnType<typeof variant>>): Promise<VariantCheck> =>
    ({ exclude, value, damage, agreement, meanAbsDelta, size: await measureSize(b) });

  tick(text('all layers', '全部层'));
  const all = await variant([]);
  const allCheck = await checked(all);
  // Candidate layers: what the technique changes, named after real nodes ("(12 small constants)" is not one).
  const candidates = [...all.changed].filter((n) => order.has(n)).sort((a, b) => order.get(a)! - order.get(b)!);
  total = 2 + candidates.length + 1;
  const rows: SensitivityRow[] = [];
  for (const node of candidates) {
    tick(same(node));
    const one = await variant(candidates.filter((c) => c !== node));
    // Structured pruning can change a layer only through the layer before it: alone it changes nothing.
    if (!one.changed.has(node)) continue;
    rows.push({
      node, op: ops.get(node) ?? '', paramsShare: (all.params.get(node) ?? 0) / totalParams,
      metricDelta: one.value - base.value, damage: one.damage, agreement: one.agreement, meanAbsDelta: one.meanAbsDelta,
    });
  }

  // Keep the k most damaging layers as they are, k as small as the predicted damage of the rest allows, then
  // check for real, keeping one more layer while the measured damage is still over the tolerance.
  const ranked = [...rows].sort((a, b) => b.damage - a.damage || b.meanAbsDelta - a.meanAbsDelta);
  const predicted = (k: number) => ranked.slice(k).reduce((s, r) => s + Math.max(0, r.damage), 0);
  let k = 0;
  while (k < ranked.length && predicted(k) > tolerance + EPSILON) k++;
  let suggestion = allCheck;
  for (let recheck = 0; ; recheck++) {
    if (k > 0) {
      tick(text(`keeping ${k} layer${k > 1 ? 's' : ''}`, `保留 ${k} 层`));
      suggestion = await checked(await variant(ranked.slice(0, k).map((r) => r.node)));
    }
    if (suggestion.damage <= tolerance + EPSILON || k >= ranked.length || recheck >= MAX_RECHECKS) break;
    k++;
    total++;
  }
  options.onProgress?.(total, total, DONE);
  const dominated = isDominated(suggestion, allCheck) ? suggestion : undefined;
  const chosen = dominated ? allCheck : suggestion;
  return {
    step: plain, metric: base.metric, n: base.n, baseline: base.value, baselineSize: await measureSize(bytes),
    rows, all: allCheck, tolerance,
    suggestion: {
      ...chosen, predictedDamage: dominated ? predicted(0) : predicted(k), withinTolerance: chosen.damage <= tolerance + EPSILON,
      ...(dominated ? { dominated } : {}),
    },
  };
}

/**
 * A mixed recipe keeps layers uncompressed, so it must buy quality with its extra bytes: one that measures no
 * better than compressing every layer and is no smaller is worse on both counts, and is never suggested.
 */
export function isDominated(mixed: VariantCheck, all: VariantCheck): boolean {
  return mixed.exclude.length > 0 && !(mixed.damage < all.damage - EPSILON) && mixed.size.gzip >= all.size.gzip;
}
