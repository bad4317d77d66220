// Models the user dropped in: kept so they are still there after a reload, keyed by content hash (the same file
// added twice is stored once, under the latest name). Reads are hash-checked like variants.
import { sha256Hex } from '../engine/size';
import type { UserModelRecord } from './schema';
import type { Store } from './store';
import { isIntact, ownBuffer } from './variant-cache';

/** A saved model without its bytes, for lists. */
export type UserModelSummary = Omit<UserModelRecord, 'bytes'>;

export class UserModels {
  constructor(private readonly store: Store) {}

  async add(name: string, bytes: Uint8Array): Promise<UserModelRecord> {
    const own = ownBuffer(bytes);
    const record: UserModelRecord = { sha256: await sha256Hex(own), name, bytes: own, size: own.byteLength, addedAt: Date.now() };
    const stored = await this.store.write(async (db) => {
      const tx = db.transaction('models', 'readwrite');
      await Promise.all([tx.store.put(record), tx.done]);
      return true;
    });
    if (!stored) this.store.memory.models.set(record.sha256, record);
    return record;
  }

  /** Newest first. Reads every record (bytes included) from disk: fine for the few models a person uploads. */
  async list(): Promise<UserModelSummary[]> {
    const saved = (await this.store.read((db) => db.getAll('models'))) ?? [];
    const byHash = new Map<string, UserModelSummary>();
    for (const { bytes: _bytes, ...summary } of [...saved, ...this.store.memory.models.values()]) byHash.set(summary.sha256, summary);
    return [...byHash.values()].sort((a, b) => b.addedAt - a.addedAt);
  }

  /** The model, or undefined when it is not saved or its bytes no longer match their hash (then it is removed). */
  async get(sha256: string): Promise<UserModelRecord | undefined> {
    const record = this.store.memory.models.get(sha256) ?? (await this.store.read((db) => db.get('models', sha256)));
    if (!record) return undefined;
    if (await isIntact(record)) return record;
    await this.remove(sha256);
    return undefined;
  }

  async remove(sha256: string): Promise<void> {
    this.store.memory.models.delete(sha256);
    await this.store.write((db) => db.delete('models', sha256).then(() => true));
  }

  async count(): Promise<number> {
    return ((await this.store.read((db) => db.count('models'))) ?? 0) + this.store.memory.models.size;
  }
}
