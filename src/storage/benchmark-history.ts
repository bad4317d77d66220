// Benchmark history: every measured run, with what is needed to compare runs later (model, recipe, backend,
// threads, browser). Newest first.
import { browserInfo } from './browser-info';
import type { BenchmarkRecord } from './schema';
import type { Store } from './store';

export type NewBenchmark = Omit<BenchmarkRecord, 'id' | 'date' | 'browser'> & Partial<Pick<BenchmarkRecord, 'date' | 'browser'>>;

export class BenchmarkHistory {
  constructor(private readonly store: Store) {}

  async add(entry: NewBenchmark): Promise<BenchmarkRecord> {
    const fields = { ...entry, date: entry.date ?? Date.now(), browser: entry.browser ?? browserInfo() };
    const id = await this.store.write(async (db) => {
      const tx = db.transaction('benchmarks', 'readwrite');
      // No `id` property at all: IndexedDB generates it (an explicit undefined would be an invalid key).
      const [key] = await Promise.all([tx.store.add(fields as BenchmarkRecord), tx.done]);
      return key;
    });
    if (id !== undefined) return { ...fields, id };
    const record = { ...fields, id: this.store.nextMemoryId() };
    this.store.memory.benchmarks.push(record);
    return record;
  }

  /** All runs, or those of one model; newest first. */
  async list(modelId?: string): Promise<BenchmarkRecord[]> {
    const saved = (await this.store.read((db) => (modelId === undefined ? db.getAll('benchmarks') : db.getAllFromIndex('benchmarks', 'by-model', modelId)))) ?? [];
    const session = this.store.memory.benchmarks.filter((b) => modelId === undefined || b.modelId === modelId);
    return [...saved, ...session].sort((a, b) => b.date - a.date);
  }

  async count(): Promise<number> {
    return ((await this.store.read((db) => db.count('benchmarks'))) ?? 0) + this.store.memory.benchmarks.length;
  }
}
