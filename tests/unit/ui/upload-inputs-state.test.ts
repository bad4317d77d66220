// The page's state for an upload's inputs: shape fields checked as typed, applied shapes remembered per model
// hash, sample files re-fitted when a shape changes, and every change handed to the panes (a fake host here).
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSpecs } from '../../../src/engine/inputs/hints';
import { openStore } from '../../../src/storage';
import { UploadInputsState } from '../../../src/ui/state/upload-inputs.svelte';
import type { UploadInput, UploadInputsReport } from '../../../src/workers/upload-inputs';

const npy = (name: string) => new File([readFileSync(`tests/fixtures/samples/${name}`)], name);
const report = (dims: (number | string | null)[], saved?: number[]): UploadInputsReport => {
  const spec = defaultSpecs([{ name: 'x', elemType: 'float', dims }])[0];
  return { specs: [saved ? { ...spec, dims: saved } : spec], samples: 0, key: 'k' };
};

function setUp() {
  const applied: UploadInput[] = [];
  let store: ReturnType<typeof openStore> | undefined;
  const state = new UploadInputsState({ apply: async (live) => void applied.push(live), store: () => (store ??= openStore({ name: `inputs-${Math.random()}` })) });
  return { state, applied };
}

describe('UploadInputsState', () => {
  it('checks shape fields as typed and applies only valid ones', async () => {
    const { state, applied } = setUp();
    await state.begin('model-a', 'a.onnx');
    state.adopt(report(['N', 'F']));
    expect(state.drafts.x).toBe('1, ?');
    expect(state.problems.x?.en).toMatch(/give a size for dimension 2 \("F"\)/);
    state.drafts.x = '1, 4, 2';
    expect(state.problems.x?.en).toMatch(/has 2 dimensions \(N × F\); you gave 3/);
    await state.applyShapes();
    expect(applied).toEqual([]); // nothing reaches the panes while the field is wrong
    state.drafts.x = '1, 4';
    expect(state.valid && state.edited).toBe(true);
    await state.applyShapes();
    expect(applied).toEqual([1]); // synthetic seed 1: there are no samples yet
    expect(state.setup.saved?.dims).toEqual({ x: [1, 4] });
  });

  it('remembers the shapes per model hash: the same model opened again starts from them', async () => {
    const { state } = setUp();
    await state.begin('model-b', 'b.onnx');
    state.adopt(report(['N', 'F']));
    state.drafts.x = '1, 6';
    await state.applyShapes();
    await state.begin('model-c', 'c.onnx');
    expect(state.setup.saved).toBeUndefined();
    await state.begin('model-b', 'b.onnx');
    expect(state.setup.saved?.dims).toEqual({ x: [1, 6] });
  });

  it('sample files become the live input and are re-fitted when the shape changes; bad files say why', async () => {
    const { state, applied } = setUp();
    await state.begin('model-d', 'd.onnx');
    state.adopt(report(['N', 'F'], [1, 4]));
    await state.addFiles([npy('stack-3x1x4.npy'), npy('strings.npy')]);
    expect(state.built.names).toEqual(['stack-3x1x4.npy #1', 'stack-3x1x4.npy #2', 'stack-3x1x4.npy #3']);
    expect(state.fileErrors.map((f) => f.text.en)).toEqual([expect.stringMatching(/^strings\.npy holds dtype <U3/)]);
    expect(applied.at(-1)).toEqual({ sample: 0 });
    expect(state.setup.samples?.feeds).toHaveLength(3);
    // A shape the stack no longer fits: the file stays listed with the reason, and the panes go back to synthetic.
    state.adopt(report(['N', 'F'], [1, 4]));
    state.drafts.x = '1, 5';
    await state.applyShapes();
    expect(state.built.outcomes[0]).toMatchObject({ count: 0, error: { en: expect.stringMatching(/has the shape 3 × 1 × 4, but input "x" is set to 1 × 5/) } });
    expect(state.setup.samples).toBeUndefined();
    expect(applied.at(-1)).toBe(1);
  });
});
