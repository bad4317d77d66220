// How every view says what a latency timed and how much of the eval set a figure stands on: one wording for the
// panes, the sweep, the tour and the results card (see runtime/latency.ts and models/progressive.ts).
import type { EvalResult } from '../models/evaluate';
import { includesOne } from '../engine/confidence';
import type { LatencyMeasurement, TimedInput } from '../runtime/latency';
import type { MessageKey } from './i18n/en';
import type { Translate } from './export/card-content';

const seconds = (ms: number, t: Translate) => t('measure.seconds', { s: (ms / 1000).toFixed(1) });

/** "eval sample 1 (1×3×48×320)" / "the current input (…)"; `short` leaves the shape out (the results card). */
export function timedInputText(input: TimedInput, t: Translate, short = false): string {
  if (short) return t(`measure.inputShort.${input.source}` as MessageKey, { i: input.index ?? 1 });
  const dims = input.dims.map((d) => d.join('×')).join(', ');
  return t(`measure.input.${input.source}` as MessageKey, { i: input.index ?? 1, dims });
}

/** "median of 30 timed runs on eval sample 1 (…), after warm-up until the times settled (41 runs, 0.6 s)". */
export function latencyMethodText(lat: LatencyMeasurement, t: Translate): string {
  const input = timedInputText(lat.input, t);
  const text = t(lat.settle.settled ? 'measure.latencyMethod' : 'measure.latencyUnsettled', { n: lat.n, input, runs: lat.settle.runs, warm: seconds(lat.settle.ms, t) });
  const parts = [text];
  if (lat.vsFp32) parts.push(`${vsFp32Text(lat.vsFp32, t)}: ${t('measure.latencyAlternated', { n: lat.vsFp32.fp32.n, block: lat.vsFp32.block, fp32: lat.vsFp32.fp32.medianMs.toFixed(1) })}`);
  if (lat.baseline) parts.push(t('measure.latencyBaseline', { warm: seconds(lat.baseline.ms, t) }));
  return parts.join('; ');
}

/** "0.88× fp32, 95% CI 0.80–0.94×, alternated" or, when the interval includes 1, that no difference was measured. */
export function vsFp32Text(vs: { ratio: number; ci: { low: number; high: number } }, t: Translate): string {
  const f = (x: number) => x.toFixed(2);
  const key = includesOne(vs.ci) ? 'measure.vsFp32Noise' : 'measure.vsFp32';
  return t(key, { ratio: f(vs.ratio), low: f(vs.ci.low), high: f(vs.ci.high) });
}

/** Whether a figure stands on part of its set only (a quick or stopped progressive evaluation). */
export const isPartial = (e: EvalResult): boolean => e.total !== undefined && e.n < e.total;

/** "n = 24 of 300, 95% CI …" for a part of the set; the usual "n = 300, 95% CI …" for all of it. */
export function sampleText(e: EvalResult, t: Translate, low: string, high: string): string {
  return isPartial(e) ? t('measure.nOf', { n: e.n, total: e.total!, low, high }) : t('pane.n', { n: e.n, low, high });
}
