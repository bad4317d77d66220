// The IndexedDB schema: record types, and one migration per version. A user who last opened ModelLab three
// releases ago has an old database; opening it runs every migration after its version, in order, inside the
// upgrade transaction (so a failure leaves the old database untouched).
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { SavedInputs } from '../engine/inputs/spec';
import type { Recipe, RecipeResult } from '../engine/pipeline';
import type { Backend } from '../runtime/backend';
import type { LatencyStats } from '../runtime/stats';

export const DB_NAME = 'modellab';

/** What applyRecipe reported about a variant, without the bytes (those are stored next to it). */
export type VariantReport = Omit<RecipeResult, 'bytes'>;

export interface VariantRecord {
  /** recipeKey(modelHash, recipe): the same model and recipe always give the same key. */
  key: string;
  bytes: Uint8Array;
  /** SHA-256 of `bytes` when stored: re-checked on every read, a mismatch drops the entry. */
  sha256: string;
  report: VariantReport;
  createdAt: number;
}

export interface BrowserInfo {
  brand: string;
  version: string;
  platform: string;
}

export interface BenchmarkRecord {
  /** Assigned by the store (negative while results only live in memory). */
  id: number;
  modelId: string;
  /** The recipe that made the variant; [] is the original model. */
  recipe: Recipe;
  backend: Backend;
  threads: number;
  browser: BrowserInfo;
  /** Milliseconds since 1970 (Date.now()). */
  date: number;
  stats: LatencyStats;
}

export interface UserModelRecord {
  /** SHA-256 of the bytes, also the key: adding the same file twice keeps one copy. */
  sha256: string;
  name: string;
  bytes: Uint8Array;
  size: number;
  addedAt: number;
}

/** How the user set up an uploaded model's inputs (shapes, fills, sample preprocessing), remembered by model hash. */
export interface InputSettingsRecord {
  sha256: string;
  saved: SavedInputs;
  /** Sample preprocessing choices (image layout and scaling, audio sample rate), as the page's inputs panel keeps them. */
  preprocess: Record<string, string | number>;
  updatedAt: number;
}

export interface ModelLabDB extends DBSchema {
  variants: { key: string; value: VariantRecord };
  benchmarks: { key: number; value: BenchmarkRecord; indexes: { 'by-model': string } };
  models: { key: string; value: UserModelRecord };
  inputs: { key: string; value: InputSettingsRecord };
}

export type AnyDB = IDBPDatabase<unknown>;
export type UpgradeTx = IDBPTransaction<unknown, StoreNames<unknown>[], 'versionchange'>;
export type Migration = (db: AnyDB, tx: UpgradeTx) => void;

/** MIGRATIONS[i] upgrades version i to version i + 1. Append; never edit a released step. */
export const MIGRATIONS: readonly Migration[] = [
  // v1: compressed variants, benchmark history, uploaded models.
  (db) => {
    db.createObjectStore('variants', { keyPath: 'key' });
    const benchmarks = db.createObjectStore('benchmarks', { keyPath: 'id', autoIncrement: true });
    benchmarks.createIndex('by-model', 'modelId');
    db.createObjectStore('models', { keyPath: 'sha256' });
  },
  // v2: input shapes and sample settings of uploaded models, by model hash.
  (db) => {
    db.createObjectStore('inputs', { keyPath: 'sha256' });
  },
];

export const DB_VERSION = MIGRATIONS.length;

export function runMigrations(db: AnyDB, tx: UpgradeTx, oldVersion: number, newVersion: number, migrations: readonly Migration[]): void {
  for (let v = oldVersion; v < newVersion; v++) migrations[v](db, tx);
}

export const STORE_NAMES = ['variants', 'benchmarks', 'models', 'inputs'] as const;
