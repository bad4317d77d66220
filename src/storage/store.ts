// The local store: IndexedDB when the browser lets us, session memory when it does not. The app never breaks
// because storage failed; it says so instead ("Results will not be remembered: …") through `status`.
//
// Failure modes handled:
// - no IndexedDB at all, or open() refused (private browsing, blocked site data), or a database written by a newer
//   version, or another tab blocking the upgrade -> memory only from the start;
// - QuotaExceededError on a write -> that write and later ones stay in memory; reads still see the disk;
//   deleteAllData() frees the space and turns writing back on;
// - any other database error, or the browser closing the connection -> memory only from then on.
import { wrap, type IDBPDatabase } from 'idb';
import { BenchmarkHistory } from './benchmark-history';
import { InputSettings } from './input-settings';
import { DB_NAME, MIGRATIONS, STORE_NAMES, runMigrations, type BenchmarkRecord, type InputSettingsRecord, type Migration, type ModelLabDB, type UpgradeTx, type UserModelRecord, type VariantRecord } from './schema';
import { UserModels } from './user-models';
import { VariantCache } from './variant-cache';

export type DB = IDBPDatabase<ModelLabDB>;

export interface StoreStatus {
  /** True while results are written to disk (IndexedDB). */
  remembered: boolean;
  /** Why results are not remembered, in words for the user. */
  message?: string;
}

export interface OpenStoreOptions {
  /** The IndexedDB factory; `null` means none. Defaults to the browser's (tests pass fake-indexeddb's). */
  indexedDB?: IDBFactory | null;
  name?: string;
  /** Schema steps (tests add a future step to check upgrades). */
  migrations?: readonly Migration[];
  /** How long to wait for a database another tab keeps open at an older version. */
  timeoutMs?: number;
}

export const NOT_REMEMBERED = 'Results will not be remembered: ';

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const factory = options.indexedDB === undefined ? globalThis.indexedDB : options.indexedDB;
  if (!factory) return new Store(undefined, 'this browser gives the page no IndexedDB (private browsing, or site data blocked).');
  try {
    const db = await openDatabase(factory, options.name ?? DB_NAME, options.migrations ?? MIGRATIONS, options.timeoutMs ?? 10_000);
    return new Store(db);
  } catch (e) {
    return new Store(undefined, describeError(e));
  }
}

function openDatabase(factory: IDBFactory, name: string, migrations: readonly Migration[], timeoutMs: number): Promise<DB> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, migrations.length);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new Error('Blocked: another ModelLab tab keeps an older database open (close it and reload)'));
    }, timeoutMs);
    let upgradeError: unknown;
    request.onupgradeneeded = (event) => {
      const tx = wrap(request.transaction!) as unknown as UpgradeTx;
      tx.done.catch(() => {}); // an aborted upgrade is reported through request.onerror below
      try {
        runMigrations(wrap(request.result), tx, event.oldVersion, event.newVersion ?? migrations.length, migrations);
      } catch (e) {
        // Aborting the upgrade transaction leaves the old database exactly as it was.
        upgradeError = e;
        request.transaction!.abort();
      }
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      if (timedOut) request.result.close();
      else resolve(wrap(request.result) as unknown as DB);
    };
    request.onerror = (event) => {
      clearTimeout(timer);
      event.preventDefault(); // we report it; keep it out of the console as an uncaught error
      reject(upgradeError ? new Error(`Upgrading the saved data failed: ${(upgradeError as Error).message}`) : request.error);
    };
  });
}

export function describeError(e: unknown): string {
  const { name, message } = (e ?? {}) as { name?: string; message?: string };
  switch (name) {
    case 'QuotaExceededError':
      return "the browser's storage for this site is full. Delete saved data, or free disk space.";
    case 'VersionError':
      return 'the saved data comes from a newer version of ModelLab. Reload the page to get it.';
    case 'InvalidStateError':
    case 'SecurityError':
      return 'this browser does not allow storage here (private browsing, or site data blocked).';
    default:
      return `the browser's database failed (${name ?? 'Error'}: ${message ?? String(e)}).`;
  }
}

export class Store {
  readonly variants = new VariantCache(this);
  readonly benchmarks = new BenchmarkHistory(this);
  readonly models = new UserModels(this);
  readonly inputs = new InputSettings(this);
  /** Session-only copies of what the database could not take. */
  readonly memory = {
    variants: new Map<string, VariantRecord>(),
    benchmarks: [] as BenchmarkRecord[],
    models: new Map<string, UserModelRecord>(),
    inputs: new Map<string, InputSettingsRecord>(),
  };
  #db: DB | undefined;
  #writable: boolean;
  #message: string | undefined;
  #listeners = new Set<(status: StoreStatus) => void>();
  #changeListeners = new Set<() => void>();
  #nextMemoryId = -1;

  constructor(db: DB | undefined, failure?: string) {
    this.#db = db;
    this.#writable = db !== undefined;
    this.#message = failure;
    db?.addEventListener('versionchange', () => this.#lose('ModelLab was updated in another tab. Reload this one.'));
    db?.addEventListener('close', () => this.#lose('the browser closed the database (site data cleared?).'));
  }

  get status(): StoreStatus {
    const remembered = this.#db !== undefined && this.#writable;
    return { remembered, message: this.#message && NOT_REMEMBERED + this.#message };
  }

  onStatus(listener: (status: StoreStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hears about every change of what is saved (a model uploaded or forgotten, a variant or result added). */
  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Runs a read; undefined when there is no database or it failed (then the store turns to memory). */
  async read<T>(op: (db: DB) => Promise<T>): Promise<T | undefined> {
    if (!this.#db) return undefined;
    try {
      return await op(this.#db);
    } catch (e) {
      this.#fail(e);
      return undefined;
    }
  }

  /** Runs a write; undefined when it was not stored (the caller keeps the record in `memory`). */
  async write<T>(op: (db: DB) => Promise<T>): Promise<T | undefined> {
    try {
      if (!this.#db || !this.#writable) return undefined;
      return await op(this.#db);
    } catch (e) {
      this.#fail(e);
      return undefined;
    } finally {
      this.#changed();
    }
  }

  /** Listeners run once the current write and its caller's bookkeeping (memory fallbacks) are done. */
  #changed(): void {
    setTimeout(() => this.#changeListeners.forEach((l) => l()), 0);
  }

  nextMemoryId(): number {
    return this.#nextMemoryId--;
  }

  /** Deletes every saved variant, benchmark and uploaded model, on disk and in memory. */
  async deleteAllData(): Promise<void> {
    this.memory.variants.clear();
    this.memory.benchmarks.length = 0;
    this.memory.models.clear();
    this.memory.inputs.clear();
    const db = this.#db;
    if (!db) return;
    try {
      const tx = db.transaction([...STORE_NAMES], 'readwrite');
      await Promise.all([...STORE_NAMES.map((name) => tx.objectStore(name).clear()), tx.done]);
    } catch (e) {
      this.#fail(e);
      throw new Error(`Could not delete the saved data: ${describeError(e)}`);
    }
    this.#changed();
    if (!this.#writable) {
      // The space is free again: writing can resume.
      this.#writable = true;
      this.#setMessage(undefined);
    }
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  #fail(e: unknown): void {
    if ((e as { name?: string } | undefined)?.name === 'QuotaExceededError') {
      this.#writable = false;
      this.#setMessage(describeError(e));
    } else {
      this.#lose(describeError(e));
    }
  }

  #lose(message: string): void {
    this.#db?.close();
    this.#db = undefined;
    this.#setMessage(message);
  }

  #setMessage(message: string | undefined): void {
    this.#message = message;
    const status = this.status;
    for (const listener of this.#listeners) listener(status);
  }
}
