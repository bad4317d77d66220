// The guided tour's state: which step is on screen and whether the panes are being set up for it.
import { applyTourStep, type TourTarget } from '../tour/apply';
import { TOUR_STEPS, type TourStep } from '../tour/steps';

export class TourState {
  readonly steps: readonly TourStep[] = TOUR_STEPS;
  /** -1 until the tour starts (starting replaces both panes' recipes, so it waits for a click). */
  index = $state(-1);
  applying = $state(false);
  error = $state<string | undefined>();
  step = $derived<TourStep | undefined>(this.steps[this.index]);
  started = $derived(this.index >= 0);

  constructor(private readonly target: TourTarget) {}

  async go(index: number): Promise<void> {
    if (this.applying) return; // one set-up at a time: panes must not receive two recipes at once
    this.index = Math.max(0, Math.min(this.steps.length - 1, index));
    this.applying = true;
    this.error = undefined;
    try {
      await applyTourStep(this.target, this.steps[this.index]);
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.applying = false;
    }
  }

  start(): Promise<void> {
    return this.go(0);
  }

  next(): Promise<void> {
    return this.go(this.index + 1);
  }

  back(): Promise<void> {
    return this.go(this.index - 1);
  }

  /** Re-applies the current step (after the user changed the panes). */
  reapply(): Promise<void> {
    return this.go(this.index);
  }

  stop(): void {
    this.index = -1;
    this.error = undefined;
  }
}
