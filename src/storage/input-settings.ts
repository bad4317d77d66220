// How the user set up an uploaded model's inputs (shapes, synthetic fills, sample preprocessing), kept by model
// hash so the same file opened again starts where they left it. Small records; memory-only when storage fails.
import type { InputSettingsRecord } from './schema';
import type { Store } from './store';

export class InputSettings {
  constructor(private readonly store: Store) {}

  async get(sha256: string): Promise<InputSettingsRecord | undefined> {
    return this.store.memory.inputs.get(sha256) ?? (await this.store.read((db) => db.get('inputs', sha256)));
  }

  async put(record: Omit<InputSettingsRecord, 'updatedAt'>): Promise<void> {
    const full: InputSettingsRecord = { ...record, updatedAt: Date.now() };
    const stored = await this.store.write(async (db) => {
      const tx = db.transaction('inputs', 'readwrite');
      await Promise.all([tx.store.put(full), tx.done]);
      return true;
    });
    if (stored) this.store.memory.inputs.delete(record.sha256);
    else this.store.memory.inputs.set(record.sha256, full);
  }

  async remove(sha256: string): Promise<void> {
    this.store.memory.inputs.delete(sha256);
    await this.store.write((db) => db.delete('inputs', sha256).then(() => true));
  }
}
