// Compressed variants, keyed by recipeKey(modelHash, recipe): a recipe the user already ran loads instantly.
// Every read re-hashes the bytes: a damaged entry (disk error, an extension poking at IndexedDB, a half-written
// record) is dropped and recomputed rather than fed to the runtime.
import { sha256Hex } from '../engine/size';
import type { VariantRecord, VariantReport } from './schema';
import type { Store } from './store';

export class VariantCache {
  constructor(private readonly store: Store) {}

  async get(key: string): Promise<VariantRecord | undefined> {
    const record = this.store.memory.variants.get(key) ?? (await this.store.read((db) => db.get('variants', key)));
    if (!record) return undefined;
    if (await isIntact(record)) return record;
    await this.remove(key);
    return undefined;
  }

  async put(key: string, bytes: Uint8Array, report: VariantReport): Promise<VariantRecord> {
    const own = ownBuffer(bytes);
    const record: VariantRecord = { key, bytes: own, sha256: await sha256Hex(own), report, createdAt: Date.now() };
    const stored = await this.store.write(async (db) => {
      const tx = db.transaction('variants', 'readwrite');
      await Promise.all([tx.store.put(record), tx.done]);
      return true;
    });
    if (stored) this.store.memory.variants.delete(key);
    else this.store.memory.variants.set(key, record);
    return record;
  }

  async remove(key: string): Promise<void> {
    this.store.memory.variants.delete(key);
    await this.store.write((db) => db.delete('variants', key).then(() => true));
  }

  /** How many variants are saved (disk and memory). */
  async count(): Promise<number> {
    return ((await this.store.read((db) => db.count('variants'))) ?? 0) + this.store.memory.variants.size;
  }
}

/** A view into a bigger buffer would store (and structured-clone) the whole buffer: keep exactly these bytes. */
export function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** The stored hash matches the stored bytes (and the record has the shape we wrote). */
export async function isIntact(record: { bytes: unknown; sha256: unknown }): Promise<boolean> {
  if (!(record.bytes instanceof Uint8Array) || typeof record.sha256 !== 'string') return false;
  return (await sha256Hex(record.bytes)) === record.sha256;
}
