// Progressive evaluation, page side: the worker evaluates the eval set in its stratified order a chunk at a time
// (LabApi.evaluateChunk); this keeps the outcomes so far and turns them into an EvalResult with its n at any
// moment. Stopping after any chunk leaves an honest figure: the stratified estimate and interval for that n.
import { summarizeOutcomes, type EvalPlan, type EvalResult, type SampleOutcome } from './evaluate';

/** One chunk's answer from the worker. */
export interface EvalChunk {
  plan: EvalPlan;
  outcomes: SampleOutcome[];
  /** Where the next chunk starts in the evaluation order. */
  next: number;
  ms: number;
}

export interface ChunkRequest {
  /** Start here in the evaluation order. */
  from: number;
  /** The first chunk: evaluate at least the quick subset (quickSize) before the budget counts. */
  quick?: boolean;
  /** Go on while the chunk has taken less than this (ms); at least one sample is always evaluated. */
  budgetMs: number;
  /** Never go past this position in the order (a user's "eval samples" limit). */
  end?: number;
}

/**
 * The quick subset: enough samples for a first figure worth showing (three per stratum, at least 24). With the
 * first chunk's one-second budget a fast model finishes at once, and PP-OCR shows a first CER after 24 lines.
 */
export function quickSize(strata: number): number {
  return Math.max(24, 3 * strata);
}

/** Chunks take about a second, so a prediction or a stop waits at most that long. */
export const CHUNK_MS = 1000;

export class EvalProgress {
  plan: EvalPlan | undefined;
  outcomes: SampleOutcome[] = [];
  next = 0;
  ms = 0;

  /** `end`: stop at this many samples (undefined: the whole set). */
  constructor(readonly end?: number) {}

  add(chunk: EvalChunk): EvalResult {
    this.plan = chunk.plan;
    this.outcomes = [...this.outcomes, ...chunk.outcomes];
    this.next = chunk.next;
    this.ms += chunk.ms;
    return this.result()!;
  }

  get target(): number {
    return Math.min(this.plan?.total ?? Infinity, this.end ?? Infinity);
  }

  get done(): boolean {
    return !!this.plan && this.next >= this.target;
  }

  result(): EvalResult | undefined {
    return this.plan && this.outcomes.length ? summarizeOutcomes(this.plan, this.outcomes, this.ms) : undefined;
  }

  request(): ChunkRequest {
    return { from: this.next, quick: this.next === 0, budgetMs: CHUNK_MS, end: this.end };
  }
}
