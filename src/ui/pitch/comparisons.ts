// Saved comparisons (the slides of pitch mode): both panes' measured results as the results file holds them,
// kept on this device so they work offline and after a reload. Only measured numbers are saved; the cost is
// worked out when shown, from the price assumption of the moment.
import { parseResults, type ResultsFile } from '../export/results';
import { readJson, writeJson } from '../local-json';

export const COMPARISONS_KEY = 'pitch.v1';
/** Enough for any pitch; the oldest go first beyond it (localStorage holds a few MB). */
export const MAX_COMPARISONS = 50;

export interface SavedComparison {
  id: string;
  results: ResultsFile;
}

/** A slide needs both panes' latency and quality (an unmeasured pane would show dashes on the projector). */
export function isMeasured(results: ResultsFile): boolean {
  return results.panes.every((p) => p.latency && p.metric);
}

/** Entries that still read as results files; anything else (an old or damaged entry) is dropped. */
export function loadComparisons(): SavedComparison[] {
  const raw = readJson<unknown>(COMPARISONS_KEY, []);
  if (!Array.isArray(raw)) return [];
  const out: SavedComparison[] = [];
  for (const entry of raw as Partial<SavedComparison>[]) {
    try {
      if (typeof entry?.id === 'string') out.push({ id: entry.id, results: parseResults(JSON.stringify(entry.results)) });
    } catch {
      // skip it: one bad entry must not cost the others
    }
  }
  return out;
}

/** The new list, or an Error saying why the browser would not keep it. */
export function saveComparisons(list: SavedComparison[]): true | Error {
  return writeJson(COMPARISONS_KEY, list) ? true : new Error('storage is full or blocked');
}

export function appendComparison(list: readonly SavedComparison[], results: ResultsFile, id: string): SavedComparison[] {
  return [...list, { id, results }].slice(-MAX_COMPARISONS);
}
