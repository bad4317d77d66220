import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openStore } from '../../../src/storage';
import { sha256Hex } from '../../../src/engine/size';
import { REPORT, bytes, freshName } from './helpers';

describe('VariantCache', () => {
  it('round-trips bytes and report across a reopen, with the hash of the bytes', async () => {
    const name = freshName();
    const store = await openStore({ name });
    const saved = await store.variants.put('recipe-key', bytes(5, 6, 7, 8), REPORT);
    expect(saved.sha256).toBe(await sha256Hex(bytes(5, 6, 7, 8)));
    store.close();

    const again = await openStore({ name });
    const record = await again.variants.get('recipe-key');
    expect(record?.bytes).toEqual(bytes(5, 6, 7, 8));
    expect(record?.report).toEqual(REPORT);
    expect(record?.sha256).toBe(saved.sha256);
    expect(typeof record?.createdAt).toBe('number');
    expect(await again.variants.get('other-key')).toBeUndefined();
    expect(await again.variants.count()).toBe(1);
  });

  it('stores only the viewed bytes of a subarray, not its whole buffer', async () => {
    const name = freshName();
    const store = await openStore({ name });
    const big = new Uint8Array(1024).map((_, i) => i & 255);
    await store.variants.put('view', big.subarray(10, 14), REPORT);
    store.close();
    const raw = await openDB(name);
    const stored = (await raw.get('variants', 'view')) as { bytes: Uint8Array };
    expect(stored.bytes.buffer.byteLength).toBe(4);
    expect(stored.bytes).toEqual(bytes(10, 11, 12, 13));
    raw.close();
  });

  it('drops a corrupted entry on read (bytes no longer match their hash) and removes it from disk', async () => {
    const name = freshName();
    const store = await openStore({ name });
    await store.variants.put('k', bytes(1, 2, 3, 4), REPORT);
    store.close();

    const raw = await openDB(name);
    const record = await raw.get('variants', 'k');
    await raw.put('variants', { ...record, bytes: bytes(1, 2, 3, 5) });
    await raw.put('variants', { key: 'shapeless', bytes: 'not bytes', sha256: 42, report: REPORT, createdAt: 0 });
    raw.close();

    const again = await openStore({ name });
    expect(await again.variants.get('k')).toBeUndefined();
    expect(await again.variants.get('shapeless')).toBeUndefined();
    expect(await again.variants.count()).toBe(0);
    expect(again.status.remembered).toBe(true);
  });
});
