import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openStore, DB_VERSION } from '../../../src/storage';
import { MIGRATIONS, type Migration } from '../../../src/storage/schema';
import { REPORT, STATS, bytes, freshName } from './helpers';

describe('storage schema', () => {
  it('creates every store and the by-model index on a new database', async () => {
    const name = freshName();
    const store = await openStore({ name });
    expect(store.status).toEqual({ remembered: true, message: undefined });
    store.close();
    const raw = await openDB(name);
    expect(raw.version).toBe(DB_VERSION);
    expect([...raw.objectStoreNames].sort()).toEqual(['benchmarks', 'inputs', 'models', 'variants']);
    expect([...raw.transaction('benchmarks').store.indexNames]).toEqual(['by-model']);
    raw.close();
  });

  it('upgrades an older database in place, keeping its data', async () => {
    const name = freshName();
    const v1 = await openStore({ name });
    await v1.variants.put('k1', bytes(1, 2, 3), REPORT);
    await v1.benchmarks.add({ modelId: 'digits-cnn', recipe: [], backend: 'wasm', threads: 2, stats: STATS });
    v1.close();

    // A future step: index benchmarks by backend and backfill a field on old records.
    const next: Migration = (_db, tx) => {
      const benchmarks = tx.objectStore('benchmarks');
      benchmarks.createIndex('by-backend', 'backend');
      void benchmarks.openCursor().then(async function walk(cursor): Promise<void> {
        if (!cursor) return;
        await cursor.update({ ...(cursor.value as object), schema: 'next' });
        return walk(await cursor.continue());
      });
    };
    const upgraded = await openStore({ name, migrations: [...MIGRATIONS, next] });
    expect(upgraded.status.remembered).toBe(true);
    expect((await upgraded.variants.get('k1'))?.bytes).toEqual(bytes(1, 2, 3));
    const history = await upgraded.benchmarks.list('digits-cnn');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ backend: 'wasm', schema: 'next' });
    upgraded.close();

    const raw = await openDB(name);
    expect(raw.version).toBe(MIGRATIONS.length + 1);
    expect([...raw.transaction('benchmarks').store.indexNames].sort()).toEqual(['by-backend', 'by-model']);
    raw.close();
  });

  it('leaves the old database untouched when an upgrade step fails, and says results are not remembered', async () => {
    const name = freshName();
    const v1 = await openStore({ name });
    await v1.variants.put('k1', bytes(9), REPORT);
    v1.close();
    const broken: Migration = () => {
      throw new Error('bad step');
    };
    const store = await openStore({ name, migrations: [...MIGRATIONS, broken] });
    expect(store.status.remembered).toBe(false);
    expect(store.status.message).toMatch(/^Results will not be remembered: /);
    const raw = await openDB(name);
    expect(raw.version).toBe(MIGRATIONS.length);
    expect((await raw.get('variants', 'k1'))?.bytes).toEqual(bytes(9));
    raw.close();
  });

  it('refuses a database written by a newer version without touching it', async () => {
    const name = freshName();
    const future = await openDB(name, DB_VERSION + 3);
    future.close();
    const store = await openStore({ name });
    expect(store.status.remembered).toBe(false);
    expect(store.status.message).toMatch(/newer version of ModelLab/);
    // It still works for this session.
    await store.variants.put('k', bytes(1), REPORT);
    expect((await store.variants.get('k'))?.bytes).toEqual(bytes(1));
  });
});
