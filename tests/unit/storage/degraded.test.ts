import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { openStore } from '../../../src/storage';
import { REPORT, STATS, bytes, freshName } from './helpers';

// fake-indexeddb/auto (imported by helpers) made its object store class the global one.
const FDBObjectStore = globalThis.IDBObjectStore;

afterEach(() => vi.restoreAllMocks());

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('store without usable IndexedDB', () => {
  it('works in memory for the session and says results will not be remembered when there is no IndexedDB', async () => {
    const store = await openStore({ indexedDB: null });
    expect(store.status.remembered).toBe(false);
    expect(store.status.message).toMatch(/^Results will not be remembered: .*no IndexedDB/);
    await store.variants.put('k', bytes(1, 2), REPORT);
    expect((await store.variants.get('k'))?.bytes).toEqual(bytes(1, 2));
    const run = await store.benchmarks.add({ modelId: 'm', recipe: [], backend: 'wasm', threads: 1, stats: STATS });
    expect(run.id).toBeLessThan(0);
    expect(await store.benchmarks.list()).toHaveLength(1);
    await store.deleteAllData();
    expect(await store.variants.get('k')).toBeUndefined();
    expect(await store.benchmarks.list()).toEqual([]);
  });

  it('degrades when the browser refuses to open the database (private mode)', async () => {
    const factory = new IDBFactory();
    vi.spyOn(factory, 'open').mockImplementation(() => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    });
    const store = await openStore({ indexedDB: factory, name: freshName() });
    expect(store.status).toEqual({ remembered: false, message: expect.stringMatching(/private browsing/) });
  });

  it('keeps writing to memory after QuotaExceededError, still reads the disk, and recovers after deleting data', async () => {
    const store = await openStore({ name: freshName() });
    await store.variants.put('old', bytes(7), REPORT);
    const statuses: string[] = [];
    store.onStatus((s) => statuses.push(s.message ?? 'ok'));

    const put = vi.spyOn(FDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    await store.variants.put('new', bytes(8), REPORT);
    expect(store.status.remembered).toBe(false);
    expect(store.status.message).toMatch(/^Results will not be remembered: .*storage for this site is full/);
    expect(statuses).toHaveLength(1);
    expect((await store.variants.get('new'))?.bytes).toEqual(bytes(8)); // from memory
    expect((await store.variants.get('old'))?.bytes).toEqual(bytes(7)); // still from disk
    const calls = put.mock.calls.length;
    await store.variants.put('newer', bytes(9), REPORT);
    expect(put.mock.calls.length).toBe(calls); // no more attempts to write while full

    put.mockRestore();
    await store.deleteAllData();
    expect(store.status).toEqual({ remembered: true, message: undefined });
    expect(await store.variants.count()).toBe(0);
    await store.variants.put('after', bytes(10), REPORT);
    expect(store.memory.variants.size).toBe(0);
    expect((await store.variants.get('after'))?.bytes).toEqual(bytes(10));
  });

  it('turns to memory when the database fails for another reason', async () => {
    const store = await openStore({ name: freshName() });
    vi.spyOn(FDBObjectStore.prototype, 'get').mockImplementation(() => {
      throw new DOMException('Internal error.', 'UnknownError');
    });
    expect(await store.variants.get('x')).toBeUndefined();
    expect(store.status.message).toMatch(/database failed \(UnknownError: Internal error.\)/);
    vi.restoreAllMocks();
    await store.variants.put('k', bytes(3), REPORT);
    expect(store.memory.variants.has('k')).toBe(true);
  });
});
