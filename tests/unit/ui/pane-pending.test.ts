// A pane knows when its recipe or backend was edited but not applied (the scoreboard dims its numbers then):
// with the real worker logic (LabService, real ORT) on a tiny model, behind a bridge that calls it directly.
import type * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { LabApi } from '../../../src/workers/lab-api';
import { LabService } from '../../../src/workers/lab-service';
import type { WorkerBridge } from '../../../src/workers/bridge';
import { PaneState } from '../../../src/ui/state/pane.svelte';
import { tinyModelBytes } from '../fixtures/tiny-model';

function directBridge(): WorkerBridge<LabApi> {
  const api = new LabService() as unknown as Comlink.Remote<LabApi>;
  return { generation: 1, call: <R>(fn: (a: Comlink.Remote<LabApi>) => Promise<R>) => fn(api), cancel() {}, dispose() {} } as unknown as WorkerBridge<LabApi>;
}

describe('pending edits', () => {
  it('are pending from an edit until Apply, not after an undo, and equal recipes written two ways are one recipe', async () => {
    const pane = new PaneState(directBridge());
    expect(pane.pendingEdits).toBe(false);
    await pane.open({ kind: 'upload', name: 'tiny.onnx', bytes: tinyModelBytes() }, { recipe: [{ transform: 'int8-dynamic', options: {} }], choice: { backend: 'wasm', threads: 1 } });
    expect(pane.error).toBeUndefined();
    expect(pane.pendingEdits).toBe(false);
    const report = pane.report;

    pane.recipe[0].options = { granularity: 'per-tensor' };
    expect(pane.pendingEdits).toBe(true);
    pane.recipe[0].options = { granularity: 'per-channel', conv: true }; // the defaults, spelled out
    expect(pane.pendingEdits).toBe(false);
    await pane.apply();
    expect(pane.report).toBe(report); // nothing to apply: the variant was not made again

    pane.recipe.push({ transform: 'prune-unstructured', options: { rate: 50 } });
    expect(pane.pendingEdits).toBe(true);
    await pane.apply();
    expect(pane.pendingEdits).toBe(false);
    expect(pane.report?.recipe.map((s) => s.transform)).toEqual(['int8-dynamic', 'prune-unstructured']);

    pane.choice = { backend: 'webgpu' };
    expect(pane.pendingEdits).toBe(true);
    expect(await pane.shownVariantBytes()).toBeUndefined(); // never the edited variant, never applied by asking
    expect(pane.pendingEdits).toBe(true);
    pane.choice = { backend: 'wasm', threads: 1 };
    expect(pane.pendingEdits).toBe(false);
    expect((await pane.shownVariantBytes())?.length).toBeGreaterThan(0);
    pane.dispose();
  });
});
