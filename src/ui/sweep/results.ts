// What one sweep row measured, and the figures derived from the sweep's own fp32 row (ratios), so every
// comparison is between numbers taken on the same device, backend and run.
import type { Text } from '../../engine/i18n-text';
import type { Recipe } from '../../engine/pipeline';
import type { SizeInfo } from '../../engine/size';
import type { EvalResult } from '../../models/evaluate';
import type { Backend } from '../../runtime/backend';
import type { LatencyStats } from '../../runtime/stats';
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
  latency?: LatencyStats;
  /** `inputs`: which inputs it ran on (the eval set, or an upload's samples or synthetic inputs). */
  evaluation?: EvalResult & { inputs?: InputsUsed };
  /** Time the techniques took in the worker (0 for fp32). */
  compressMs?: number;
  warnings?: number;
  layersChanged?: number;
  backend?: Backend;
  threads?: number;
}

export interface SweepRowView extends SweepResult {
  /** size / fp32 size (raw and gzip); < 1 is smaller. */
  sizeRatio?: { raw: number; gzip: number };
  /** median latency / fp32 median latency in this sweep; < 1 is faster. */
  latencyRatio?: number;
}

export function withRatios(results: readonly SweepResult[]): SweepRowView[] {
  const base = results.find((r) => isBaseline(r.recipe) && !r.error);
  return results.map((r) => ({
    ...r,
    sizeRatio: r.size && base?.size ? { raw: r.size.raw / base.size.raw, gzip: r.size.gzip / base.size.gzip } : undefined,
    latencyRatio: r.latency && base?.latency ? r.latency.medianMs / base.latency.medianMs : undefined,
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

/** Ids of the rows on the Pareto front for these axes. */
export function paretoIds(rows: readonly SweepResult[], x: XAxis, y: YAxis): Set<string> {
  const points = rows.map((r) => {
    const px = r.error ? undefined : xValue(r, x), py = yValue(r, y);
    return px === undefined || py === undefined ? undefined : { x: px, y: py };
  });
  return new Set(paretoFront(points, goalFor(rows, y)).map((i) => rows[i].id));
}
