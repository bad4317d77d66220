// The calibration feeds a recipe gets in a pane's worker: int8 QDQ alone keeps its first 32 eval samples (as
// always); training-free recovery steps get their option's count, spread over the eval set, with a note saying
// which samples those are (they are scored too), or that they are synthetic for an upload.
import type { Text } from '../engine/i18n-text';
import type { Recipe } from '../engine/pipeline';
import type { Feeds } from '../engine/tensor-data';
import { calibrationNeeds } from '../engine/transforms/calibration-needs';
import { calibrationIndices, calibrationNote } from '../models/calibration-set';
import type { LabModel } from './lab-model';

export function calibrationFor(m: Pick<LabModel, 'adapter' | 'samples'>, recipe: Recipe): { calibration: Feeds[]; calibrationNote?: Text } {
  const needs = calibrationNeeds(recipe);
  if (!needs.samples) return { calibration: [] };
  const feeds = (i: number) => m.adapter.toFeeds([m.samples[i].input]);
  if (!needs.byOption) return { calibration: m.samples.slice(0, needs.samples).map((_, i) => feeds(i)) };
  const indices = calibrationIndices(m.samples.length, needs.samples);
  const labelled = m.samples.some((s) => s.label);
  return { calibration: indices.map(feeds), calibrationNote: calibrationNote(m.samples.length, labelled) };
}
