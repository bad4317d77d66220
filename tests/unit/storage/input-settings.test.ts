import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openStore } from '../../../src/storage';
import { MIGRATIONS } from '../../../src/storage/schema';
import { freshName } from './helpers';

const SAVED = { dims: { pixel_values: [1, 3, 64, 64] }, fills: { state: { kind: 'constant' as const, value: 0 } } };

describe('InputSettings (input shapes per uploaded model)', () => {
  it('remembers the shapes by model hash across page loads, and forgets them on request and with all data', async () => {
    const name = freshName();
    const store = await openStore({ name });
    await store.inputs.put({ sha256: 'abc', saved: SAVED, preprocess: { normalization: 'imagenet', sampleRate: 16000 } });
    store.close();
    const again = await openStore({ name });
    expect(await again.inputs.get('abc')).toMatchObject({ saved: SAVED, preprocess: { normalization: 'imagenet' } });
    expect(await again.inputs.get('other')).toBeUndefined();
    await again.inputs.remove('abc');
    expect(await again.inputs.get('abc')).toBeUndefined();
    await again.inputs.put({ sha256: 'def', saved: SAVED, preprocess: {} });
    await again.deleteAllData();
    expect(await again.inputs.get('def')).toBeUndefined();
  });

  it('an existing v1 database gains the store without losing its models', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, { upgrade: (db, _old, _new, tx) => MIGRATIONS[0](db as never, tx as never) });
    await v1.put('models', { sha256: 'm1', name: 'a.onnx', bytes: new Uint8Array([1]), size: 1, addedAt: 1 });
    v1.close();
    const store = await openStore({ name });
    expect(store.status.remembered).toBe(true);
    expect((await store.models.list()).map((m) => m.name)).toEqual(['a.onnx']);
    await store.inputs.put({ sha256: 'm1', saved: SAVED, preprocess: {} });
    expect((await store.inputs.get('m1'))?.saved).toEqual(SAVED);
  });

  it('without a database, settings live in memory for the session', async () => {
    const store = await openStore({ indexedDB: null });
    await store.inputs.put({ sha256: 'x', saved: SAVED, preprocess: {} });
    expect((await store.inputs.get('x'))?.saved).toEqual(SAVED);
  });
});
