// Number formatting used across panels, so every figure reads the same way everywhere.
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

export function formatPercent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** Signed relative change, e.g. -73.4% for a model a quarter the size. */
export function formatChange(after: number, before: number): string {
  const change = after / before - 1;
  return `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
