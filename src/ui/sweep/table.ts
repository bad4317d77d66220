// Sorting of the sweep table. Rows without a value (failed or unmeasured) always sink to the bottom, whichever
// way the column is sorted, so the measured rows stay together.
import type { SweepRowView } from './results';

export type SortKey = 'order' | 'label' | 'raw' | 'gzip' | 'sizeRatio' | 'latency' | 'p95' | 'latencyRatio' | 'quality' | 'agreement' | 'compressMs' | 'warnings';
export type SortDir = 'ascending' | 'descending';

const VALUE: Record<Exclude<SortKey, 'label'>, (r: SweepRowView, order: number) => number | undefined> = {
  order: (_, i) => i,
  raw: (r) => r.size?.raw,
  gzip: (r) => r.size?.gzip,
  sizeRatio: (r) => r.sizeRatio?.raw,
  latency: (r) => r.latency?.medianMs,
  p95: (r) => r.latency?.p95Ms,
  latencyRatio: (r) => r.latencyRatio,
  quality: (r) => r.evaluation?.value,
  agreement: (r) => r.evaluation?.agreement?.top1Match,
  compressMs: (r) => r.compressMs,
  warnings: (r) => r.warnings?.length,
};

export function sortRows(rows: readonly SweepRowView[], key: SortKey, dir: SortDir, labelOf: (r: SweepRowView) => string = (r) => r.label.en): SweepRowView[] {
  const sign = dir === 'ascending' ? 1 : -1;
  const keyed = rows.map((row, i) => ({ row, i, v: key === 'label' ? labelOf(row) : VALUE[key](row, i) }));
  keyed.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) return a.v === b.v ? a.i - b.i : a.v === undefined ? 1 : -1;
    const c = typeof a.v === 'string' ? a.v.localeCompare(b.v as string) : a.v - (b.v as number);
    return sign * c || a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

/** Clicking the sorted column flips it; another column starts in its natural order (small sizes, high accuracy first). */
export function nextSort(current: { key: SortKey; dir: SortDir }, key: SortKey, higherIsBetter = false): { key: SortKey; dir: SortDir } {
  if (current.key === key) return { key, dir: current.dir === 'ascending' ? 'descending' : 'ascending' };
  return { key, dir: higherIsBetter ? 'descending' : 'ascending' };
}
