// Puts a tour step on screen: both panes' recipes and backends. On the step's model it only re-applies the
// panes (fast, keeps the drawn input); on another model, or over an uploaded one, it opens the step's model.
import type { PaneSettings } from '../state/pane.svelte';
import { stepSettings, type TourStep } from './steps';

/** The parts of LabState and PaneState the tour uses (so tests can pass a fake). */
export interface TourTarget {
  modelId: string;
  upload?: unknown;
  selectModel(id: string, settings: [PaneSettings, PaneSettings]): Promise<void>;
  readonly panes: readonly { recipe: PaneSettings['recipe']; choice: PaneSettings['choice']; apply(): Promise<void> }[];
}

export async function applyTourStep(target: TourTarget, step: TourStep): Promise<void> {
  const settings = stepSettings(step);
  if (target.upload || target.modelId !== step.model) return target.selectModel(step.model, settings);
  await Promise.all(
    target.panes.map((pane, i) => {
      pane.recipe = settings[i].recipe;
      pane.choice = settings[i].choice;
      return pane.apply();
    }),
  );
}
