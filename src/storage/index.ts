// Public API of the local store. The app opens one store per page (appStore); tests call openStore with
// fake-indexeddb.
import { openStore, type Store } from './store';

export { openStore, Store, NOT_REMEMBERED, type StoreStatus, type OpenStoreOptions } from './store';
export { VariantCache } from './variant-cache';
export { BenchmarkHistory, type NewBenchmark } from './benchmark-history';
export { UserModels, type UserModelSummary } from './user-models';
export { InputSettings } from './input-settings';
export { browserInfo } from './browser-info';
export { DB_NAME, DB_VERSION, type BenchmarkRecord, type BrowserInfo, type InputSettingsRecord, type UserModelRecord, type VariantRecord, type VariantReport } from './schema';

let shared: Promise<Store> | undefined;

/** The page's store, opened on first use. */
export function appStore(): Promise<Store> {
  return (shared ??= openStore());
}
