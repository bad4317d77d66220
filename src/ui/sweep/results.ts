// What one sweep row measured, and the figures derived from the sweep's own fp32 row (ratios), so every
// comparison is between numbers taken on the same device, backend and run.
import type { Text } from '../../engine/i18n-text';
import type { Recipe } from '../../engine/pipeline';
import type { SizeInfo } from '../../engine/size';
import type { EvalResult } from '../../models/evaluate';
import type { Backend } from '../../runtime/backend';
import type { LatencyMeasurement } from '../../runtime/latency';
import type { StepReport } from '../../engine/transforms/types';
import type { InputsUsed } from '../../workers/upload-inputs';
import { paretoFront, type Goal } from '../../engine/pareto';
import { isBaseline } from './matrix';

export interface SweepResult {
  id: string;
  label: Text;
  recipe: Recipe;
  /** Set when the row failed; the other rows of the sweep still ran. */
  error?: string;
  size?: SizeInfo;
  latency?: LatencyMeasurement & { inputs?: InputsUsed };
  /** After the first pass, the quick stratified estimate; refined (n grows) in the second. `inputs`: which inputs
   * it ran on (the eval set, or an upload's samples or synthetic inputs). */
  evaluation?: EvalResult & { inputs?: InputsUsed };
  /** Time the techniques took in the worker (0 for fp32). */
  compressMs?: number;
  /** What the recipe's steps warned about (their warnings and measured caveats), each once. */
  warnings?: Text[];
  layersChanged?: number;
  backend?: Backend;
  threads?: number;
}

export interface SweepRowView extends SweepResult {
  /** size / fp32 size (raw and gzip); < 1 is smaller. */
  sizeRatio?: { raw: number; gzip: number };
  /** Latency / fp32's; < 1 is faster. From the row's runs alternated with fp32's when it has them (every row but
   * fp32's own), else the two rows' medians. */
  latencyRatio?: number;
  /** The 95% interval of that ratio (alternated runs only). */
  latencyRatioCi?: { low: number; high: number };
}

export function rowWarnings(steps: readonly StepReport[]): Text[] {
  const all = steps.flatMap((s) => [...s.warnings, ...(s.caveats ?? [])]);
  return all.filter((w, i) => all.findIndex((v) => v.en === w.en) === i);
}

export function withRatios(results: readonly SweepResult[]): SweepRowView[] {
  const base = results.find((r) => isBaseline(r.recipe) && !r.error);
  return results.map((r) => ({
    ...r,
    sizeRatio: r.size && base?.size ? { raw: r.size.raw / base.size.raw, gzip: r.size.gzip / base.size.gzip } : undefined,
    latencyRatio: r.latency?.vsFp32?.ratio ?? (r.latency && base?.latency ? r.latency.medianMs / base.latency.medianMs : undefined),
    latencyRatioCi: r.latency?.vsFp32?.ci,
  }));
}

export type XAxis = 'raw' | 'gzip' | 'latency';
export type YAxis = 'metric' | 'agreement';

export function xValue(row: SweepResult, axis: XAxis): number | undefined {
  return axis === 'latency' ? row.latency?.medianMs : row.size?.[axis];
}

export function yValue(row: SweepResult, axis: YAxis): number | undefined {
  return axis === 'agreement' ? (row.evaluation?.metric === 'agreement' ? row.evaluation.value : row.evaluation?.agreement?.top1Match) : row.evaluation?.value;
}

/** Smaller/faster is better on x; on y higher is better except for an error rate (CER). */
export function goalFor(rows: readonly SweepResult[], y: YAxis): Goal {
  const cer = y === 'metric' && rows.some((r) => r.evaluation?.metric === 'cer');
  return { x: 'min', y: cer ? 'min' : 'max' };
}

/**
 * The quality floor: how much worse than fp32 a recipe may be and still count. In percentage points (accuracy,
 * agreement: 2 pp), or relative to fp32's own value (CER: 10%, since 2 pp on a 2% CER would allow doubling it).
 */
export interface QualityFloor {
  mode: 'pp' | 'relative';
  value: number;
}

export function defaultFloor(metric: EvalResult['metric'] | undefined): QualityFloor {
  return metric === 'cer' ? { mode: 'relative', value: 10 } : { mode: 'pp', value: 2 };
}

/** The worst y still within the floor of fp32's `base` (y in 0..1). */
export function floorLimit(base: number, floor: QualityFloor, lowerIsBetter: boolean): number {
  const slack = floor.mode === 'pp' ? floor.value / 100 : (Math.abs(base) * floor.value) / 100;
  return lowerIsBetter ? base + slack : base - slack;
}

export interface Tradeoff {
  /** Rows on the Pareto front among those within the floor, in the order the front's line is drawn. */
  front: string[];
  /** Measured rows below the floor: drawn, never called Pareto. */
  below: Set<string>;
  /** The floor's y value (0..1), when the sweep has an fp32 row to measure it from. */
  limit?: number;
}

/** Which rows are on the Pareto front for these axes, counting only recipes within the quality floor of fp32. */
export function tradeoff(rows: readonly SweepResult[], x: XAxis, y: YAxis, floor?: QualityFloor): Tradeoff {
  const goal = goalFor(rows, y);
  const base = rows.find((r) => isBaseline(r.recipe) && !r.error && yValue(r, y) !== undefined);
  const limit = floor && base ? floorLimit(yValue(base, y)!, floor, goal.y === 'min') : undefined;
  const within = (v: number) => limit === undefined || (goal.y === 'min' ? v <= limit + 1e-12 : v >= limit - 1e-12);
  const below = new Set<string>();
  const points = rows.map((r) => {
    const px = r.error ? undefined : xValue(r, x), py = yValue(r, y);
    if (px === undefined || py === undefined) return undefined;
    if (!within(py)) return void below.add(r.id);
    return { x: px, y: py };
  });
  return { front: paretoFront(points, goal).map((i) => rows[i].id), below, limit };
}
