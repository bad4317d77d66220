// Progressive evaluation, page side: the worker evaluates the eval set in its stratified order a chunk at a time
// (LabApi.evaluateChunk); this keeps the outcomes so far and turns them into an EvalResult with its n at any
// moment. Stopping after any chunk leaves an honest figure: the stratified estimate and interval for that n.
import { summarizeOutcomes, type EvalPlan, type EvalResult, type SampleOutcome } from './evaluate';
import type { InputSource, InputsUsed } from '../workers/upload-inputs';

/** One chunk's answer from the worker. */
export interface EvalChunk {
  plan: EvalPlan;
  outcomes: SampleOutcome[];
  /** Where the next chunk starts in the evaluation order. */
  next: number;
  ms: number;
  /** The sample set's kind (a built-in eval set, an upload's samples or synthetic inputs). */
  source?: InputSource;
  /**
   * The worker's own figures for everything evaluated so far, where they do not reduce to per-sample outcomes
   * (photo OCR: detection precision/recall and CER over photos). Then `outcomes` may be empty and this is shown.
   */
  summary?: EvalResult;
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
  /** Also return each sample's class probabilities (classifiers): the ensemble panel averages both panes'. */
  keepSamples?: boolean;
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
  source: InputSource | undefined;
  summary: EvalResult | undefined;

  /** `end`: stop at this many samples (undefined: the whole set). */
  constructor(readonly end?: number) {}

  add(chunk: EvalChunk): EvalResult & { inputs: InputsUsed } {
    this.plan = chunk.plan;
    this.source = chunk.source ?? this.source;
    this.summary = chunk.summary ?? this.summary;
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

  /** The figure so far, with the inputs it ran on (n samples of the eval set, an upload's samples, or synthetic). */
  result(): (EvalResult & { inputs: InputsUsed }) | undefined {
    if (this.summary) return { ...this.summary, inputs: { source: this.source ?? 'eval-set', n: this.summary.n } };
    if (!this.plan || !this.outcomes.length) return undefined;
    const result = summarizeOutcomes(this.plan, this.outcomes, this.ms);
    return { ...result, inputs: { source: this.source ?? 'eval-set', n: result.n } };
  }

  request(): ChunkRequest {
    return { from: this.next, quick: this.next === 0, budgetMs: CHUNK_MS, end: this.end };
  }
}
