// The Scale lab view's state: which kind of model, which scale points (presets and the user's own shapes), recipes,
// thread counts and how long to measure; the rows measured so far and the progress. Every measurement runs in a
// fresh worker of its own (see workers/scale-runner.ts), so the comparison panes are untouched meanwhile.
import type { Text } from '../../engine/i18n-text';
import { estimateMemory, type MemoryEstimate } from '../../engine/scale/memory';
import { DECODER_PRESETS, ENCODER_PRESETS, SCALE_SEED, type ScalePreset } from '../../engine/scale/presets';
import { DEFAULT_SCALE_RECIPES, SCALE_RECIPES } from '../../engine/scale/recipes';
import { contextLength, parameterCount, shapeProblem, type TransformerKind, type TransformerShape } from '../../engine/scale/shape';
import type { InterleaveBudget } from '../../runtime/interleaved';
import { ScaleRunner, type ScaleBridge, type ScaleProgress, type ScaleRow } from '../../workers/scale-runner';

export type Effort = 'quick' | 'standard' | 'thorough';

/** Timing budgets per measurement: [the pass / prefill, the token-by-token run]. Large models reach minRuns only. */
export const EFFORT_BUDGETS: Record<Effort, [InterleaveBudget, InterleaveBudget]> = {
  quick: [
    { minRuns: 3, maxRuns: 100, minMs: 600, maxMs: 8_000, warmMinMs: 200, warmMaxMs: 3_000 },
    { minRuns: 3, maxRuns: 30, minMs: 600, maxMs: 15_000, warmMinMs: 0, warmMaxMs: 2_000 },
  ],
  standard: [
    { minRuns: 5, maxRuns: 200, minMs: 1_500, maxMs: 20_000, warmMinMs: 500, warmMaxMs: 5_000 },
    { minRuns: 3, maxRuns: 50, minMs: 1_500, maxMs: 30_000, warmMinMs: 0, warmMaxMs: 4_000 },
  ],
  thorough: [
    { minRuns: 10, maxRuns: 400, minMs: 4_000, maxMs: 60_000, warmMinMs: 1_000, warmMaxMs: 8_000 },
    { minRuns: 5, maxRuns: 100, minMs: 4_000, maxMs: 60_000, warmMinMs: 0, warmMaxMs: 8_000 },
  ],
};

export interface PointView {
  preset: ScalePreset;
  params: number;
  estimate: MemoryEstimate;
  custom: boolean;
}

/** What a custom shape needs from the form; positions follow from the tokens per run. */
export interface CustomShapeInput {
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  vocab: number;
  sequence: number;
}

export type CustomOutcome =
  | { ok: true; point: PointView }
  | { ok: false; kind: 'invalid'; reason: string }
  | { ok: false; kind: 'refused'; estimate: MemoryEstimate };

function deviceMemory(): number | undefined {
  const d = (globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
  return typeof d === 'number' && d > 0 ? d : undefined;
}

export class ScaleLabState {
  kind = $state<TransformerKind>('encoder');
  custom = $state.raw<ScalePreset[]>([]);
  /** Ticked points by id (presets of both kinds and custom ones). */
  selected = $state<Record<string, boolean>>({});
  recipes = $state<Record<string, boolean>>(Object.fromEntries(SCALE_RECIPES.map((r) => [r.id, DEFAULT_SCALE_RECIPES.includes(r.id)])));
  /** Thread counts to measure: 1, and the most this page allows. */
  threads = $state<Record<'one' | 'many', boolean>>({ one: true, many: false });
  effort = $state<Effort>('quick');
  running = $state(false);
  progress = $state.raw<ScaleProgress | undefined>();
  rows = $state.raw<ScaleRow[]>([]);
  notice = $state<'cancelled' | undefined>();
  readonly deviceMemoryGiB = deviceMemory();

  points = $derived.by((): PointView[] => {
    const presets = this.kind === 'encoder' ? ENCODER_PRESETS : DECODER_PRESETS;
    const view = (preset: ScalePreset, custom: boolean): PointView => ({ preset, params: parameterCount(preset.shape), estimate: estimateMemory(preset.shape, this.deviceMemoryGiB), custom });
    return [...presets.map((p) => view(p, false)), ...this.custom.filter((p) => p.shape.kind === this.kind).map((p) => view(p, true))]
      .sort((a, b) => a.params - b.params);
  });

  readonly #runner: ScaleRunner;

  constructor(newBridge: () => ScaleBridge) {
    this.#runner = new ScaleRunner(newBridge);
    // Every point that fits is ticked at first, except the largest two per kind (they take minutes on one thread).
    for (const presets of [ENCODER_PRESETS, DECODER_PRESETS]) {
      const fitting = presets.filter((p) => estimateMemory(p.shape, this.deviceMemoryGiB).fits);
      for (const p of presets) this.selected[p.id] = fitting.slice(0, -2).includes(p);
    }
  }

  /** The thread counts to run with, given the most this page allows. */
  threadCounts(maxThreads: number): number[] {
    return [...new Set([...(this.threads.one ? [1] : []), ...(this.threads.many && maxThreads > 1 ? [maxThreads] : [])])];
  }

  planned(maxThreads: number): { points: ScalePreset[]; recipes: typeof SCALE_RECIPES; threads: number[] } {
    return {
      points: this.points.filter((p) => this.selected[p.preset.id] && p.estimate.fits).map((p) => p.preset),
      recipes: SCALE_RECIPES.filter((r) => this.recipes[r.id]),
      threads: this.threadCounts(maxThreads),
    };
  }

  /** Validates and estimates a shape from the form; adds it (ticked) only when it can be built and fits. */
  addCustom(input: CustomShapeInput, label: Text): CustomOutcome {
    const decode = this.kind === 'decoder' ? 32 : undefined;
    const shape: TransformerShape = { kind: this.kind, ...input, positions: input.sequence + (decode ?? 0), decodeTokens: decode };
    const reason = shapeProblem(shape);
    if (reason) return { ok: false, kind: 'invalid', reason };
    const estimate = estimateMemory(shape, this.deviceMemoryGiB);
    if (!estimate.fits) return { ok: false, kind: 'refused', estimate };
    const preset: ScalePreset = { id: `custom-${this.kind}-${this.custom.length + 1}-${contextLength(shape)}`, label, shape };
    this.custom = [...this.custom, preset];
    this.selected[preset.id] = true;
    return { ok: true, point: { preset, params: estimate.params, estimate, custom: true } };
  }

  /** Ticks (or unticks) every point of the current kind that fits. */
  pickPoints(on: boolean): void {
    for (const p of this.points) this.selected[p.preset.id] = on && p.estimate.fits;
  }

  removeCustom(id: string): void {
    this.custom = this.custom.filter((p) => p.id !== id);
    delete this.selected[id];
  }

  async run(maxThreads: number): Promise<void> {
    const plan = this.planned(maxThreads);
    if (this.running || !plan.points.length || !plan.recipes.length || !plan.threads.length) return;
    const [budget, decodeBudget] = EFFORT_BUDGETS[this.effort];
    this.running = true;
    this.notice = undefined;
    try {
      const outcome = await this.#runner.run({ ...plan, seed: SCALE_SEED, budget, decodeBudget, deviceMemoryGiB: this.deviceMemoryGiB }, {
        progress: (p) => (this.progress = p),
        // A measurement made again replaces the earlier one; other kinds and points stay.
        result: (row) => (this.rows = [...this.rows.filter((r) => rowKey(r) !== rowKey(row)), row]),
      });
      if (outcome === 'cancelled') this.notice = 'cancelled';
    } finally {
      this.running = false;
      this.progress = undefined;
    }
  }

  cancel(): void {
    this.#runner.cancel();
  }

  clear(): void {
    this.rows = [];
    this.notice = undefined;
  }
}

const rowKey = (r: ScaleRow) => `${r.pointId}|${r.recipeId}|${r.threadsRequested}`;
