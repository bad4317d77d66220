// Pitch mode's state: the saved comparisons, which one is on screen, and whether the slide view is open.
import type { ResultsFile } from '../export/results';
import { appendComparison, isMeasured, loadComparisons, saveComparisons, type SavedComparison } from './comparisons';

export class PitchState {
  saved = $state.raw<SavedComparison[]>(loadComparisons());
  open = $state(false);
  index = $state(0);
  current = $derived<SavedComparison | undefined>(this.saved[this.index]);

  /** Saves a measured comparison; returns its number, or why it was not saved. */
  save(results: ResultsFile): number | Error {
    if (!isMeasured(results)) return new Error('not measured');
    const list = appendComparison(this.saved, results, `${Date.parse(results.date)}-${Math.random().toString(36).slice(2, 8)}`);
    const stored = saveComparisons(list);
    this.saved = list; // kept for this session even when the browser refused to store it
    return stored === true ? list.length : stored;
  }

  remove(id: string): void {
    this.saved = this.saved.filter((c) => c.id !== id);
    saveComparisons(this.saved);
    this.index = Math.min(this.index, Math.max(0, this.saved.length - 1));
  }

  /** Opens on comparison `index`, by default the newest (the one just saved, usually). */
  enter(index = this.saved.length - 1): void {
    if (!this.saved.length) return;
    this.go(index);
    this.open = true;
  }

  leave(): void {
    this.open = false;
  }

  step(by: number): void {
    this.go(this.index + by);
  }

  go(index: number): void {
    this.index = Math.max(0, Math.min(this.saved.length - 1, index));
  }

  /** After "Delete all data". */
  reload(): void {
    this.saved = loadComparisons();
    this.go(this.index);
  }
}

export const pitch = new PitchState();
