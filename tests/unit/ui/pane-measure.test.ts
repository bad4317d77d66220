// A pane's Measure: a quick figure and the latency first, then the evaluation refined in the background a chunk at
// a time (predictions get through between chunks), stoppable, and ended by a recipe change. Scripted worker API.
import type * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { LabApi } from '../../../src/workers/lab-api';
import type { WorkerBridge } from '../../../src/workers/bridge';
import { PaneState } from '../../../src/ui/state/pane.svelte';

const size = (raw: number) => ({ raw, gzip: raw / 2 });
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A 12-sample set: the quick chunk evaluates 4, later ones 2; sample k is right when k % 3 != 0. */
function fakeApi(log: string[]) {
  return {
    open: async () => ({ name: 'fake', sha256: 'x', summary: { inputs: [] }, bytes: 1000, evalSamples: 12 }),
    compress: async (recipe: unknown[]) => ({ before: size(1000), after: size(250), steps: [], recipe, summary: {} }),
    load: async () => ({ backend: 'wasm', threads: 1, inputNames: [], outputNames: [], loadMs: 1, bytes: 1 }),
    sizes: async () => ({ before: size(1000), after: size(250) }),
    predict: async (input: unknown) => (log.push(`predict ${String(input)}`), { prediction: { label: String(input) }, ms: 1 }),
    latency: async (o: { runs: number }) => {
      log.push('latency');
      return { n: o.runs, warmup: 5, medianMs: 2, p95Ms: 3, minMs: 2, maxMs: 3, meanMs: 2, input: { source: 'eval-set', index: 1, dims: [[1]] }, settle: { runs: 5, ms: 300, settled: true, lastMs: 2 }, backend: 'wasm', threads: 1 };
    },
    evaluateChunk: async (r: { from: number; quick?: boolean }) => {
      await settle(); // a chunk takes a moment: other calls queue behind it
      const to = Math.min(12, r.from + (r.quick ? 4 : 2));
      log.push(`chunk ${r.from}-${to}`);
      const outcomes = Array.from({ length: to - r.from }, (_, i) => ({ sample: r.from + i, value: Number((r.from + i) % 3 !== 0), size: 1 }));
      return { plan: { metric: 'accuracy', total: 12, stratumOf: Array(12).fill(0), sizes: [12], stratifiedBy: 'label' }, outcomes, next: to, ms: 1 };
    },
  };
}

function pane(log: string[]) {
  const api = fakeApi(log) as unknown as Comlink.Remote<LabApi>;
  const bridge = { generation: 1, call: <R>(fn: (a: Comlink.Remote<LabApi>) => Promise<R>) => fn(api), cancel() {}, dispose() {} } as unknown as WorkerBridge<LabApi>;
  return new PaneState(bridge);
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await settle();
  expect(ok()).toBe(true);
};

describe('pane measure', () => {
  it('shows a quick figure and the latency first, refines to the whole set in the background, predictions in between', async () => {
    const log: string[] = [];
    const p = pane(log);
    await p.open({ kind: 'builtin', id: 'digits-cnn' }, { recipe: [{ transform: 'int8-dynamic', options: {} }], choice: { backend: 'wasm', threads: 1 } });
    log.length = 0;
    await p.measure({ runs: 7 });
    expect(log).toEqual(['chunk 0-4', 'latency']);
    expect(p.latency).toMatchObject({ n: 7, medianMs: 2 });
    expect(p.evaluation).toMatchObject({ n: 4, total: 12 });
    expect(p.evaluation!.value).toBeCloseTo(2 / 4, 12); // samples 1 and 2 of 0..3
    expect(p.refining).toBe(true);
    expect(p.status).toBe('ready'); // the pane is usable while it refines
    const predicted = p.predict('7');
    await until(() => !p.refining);
    await predicted;
    expect(p.evaluation).toMatchObject({ n: 12, total: 12 });
    expect(p.evaluation!.value).toBeCloseTo(8 / 12, 12);
    // The prediction ran between two chunks, not after the whole refinement.
    const at = log.indexOf('predict 7');
    expect(at).toBeGreaterThan(log.indexOf('latency'));
    expect(at).toBeLessThan(log.lastIndexOf('chunk 10-12'));
  });

  it('keeps the n it reached when refining is stopped, and stops when the recipe changes', async () => {
    const log: string[] = [];
    const p = pane(log);
    await p.open({ kind: 'builtin', id: 'digits-cnn' }, { recipe: [], choice: { backend: 'wasm', threads: 1 } });
    await p.measure();
    await until(() => (p.evaluation?.n ?? 0) >= 6);
    p.stopRefining();
    expect(p.refining).toBe(false);
    const n = p.evaluation!.n;
    for (let i = 0; i < 20; i++) await settle();
    expect(p.evaluation!.n).toBeLessThanOrEqual(n + 2); // a chunk already under way may finish, no later one starts
    const stoppedAt = p.evaluation!.n;
    for (let i = 0; i < 20; i++) await settle();
    expect(p.evaluation!.n).toBe(stoppedAt);
    expect(p.evaluation!.total).toBe(12);

    await p.measure();
    await until(() => (p.evaluation?.n ?? 0) >= 6);
    p.recipe = [{ transform: 'fp16', options: {} }];
    await p.apply(); // a new variant: its figures are gone, and the old refinement must not write into them
    for (let i = 0; i < 20; i++) await settle();
    expect(p.evaluation).toBeUndefined();
    expect(p.refining).toBe(false);
  });
});
