// Shared set-up for storage tests: fake-indexeddb installs IndexedDB globals (idb checks them with instanceof);
// every test gets its own database name, so tests never see each other's data.
import 'fake-indexeddb/auto';
import type { BenchmarkRecord, VariantReport } from '../../../src/storage';

let counter = 0;
export const freshName = () => `modellab-test-${process.pid}-${++counter}`;

export const REPORT: VariantReport = {
  before: { raw: 1000, gzip: 900 },
  after: { raw: 300, gzip: 250 },
  steps: [],
};

export const STATS: BenchmarkRecord['stats'] = { n: 30, warmup: 5, medianMs: 1.2, p95Ms: 1.9, minMs: 1, maxMs: 2.5, meanMs: 1.3 };

export const bytes = (...values: number[]) => new Uint8Array(values);
