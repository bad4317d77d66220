// The live view of a training step (recovery, distillation) in a pane: the loss points the worker streams while
// it trains. Once the variant is made, its report carries the final curve (so a cached variant shows it too).
import type { TrainingProgress, TrainingSummary } from '../../engine/train/data';
import type { VariantReport } from '../../workers/lab-api';

/** Keeps the live curve short: past this many points, every other one is dropped. */
const MAX_POINTS = 400;

export class TrainingMonitor {
  points = $state.raw<[number, number][]>([]);
  latest = $state.raw<TrainingProgress | undefined>();

  reset(): void {
    this.points = [];
    this.latest = undefined;
  }

  push(p: TrainingProgress): void {
    const pts = this.points.length >= MAX_POINTS ? this.points.filter((_, i) => i % 2 === 1) : this.points;
    // A new training step of the same recipe starts over at step 1.
    this.points = p.step < (this.latest?.step ?? 0) ? [[p.step, p.loss]] : [...pts, [p.step, p.loss]];
    this.latest = p;
  }
}

/** The last training step's summary in a variant's report, if the recipe trains. */
export function trainedStep(report: VariantReport | undefined): { transform: string; summary: TrainingSummary } | undefined {
  const step = report?.steps.findLast((s) => s.training);
  return step?.training ? { transform: step.transform, summary: step.training } : undefined;
}
