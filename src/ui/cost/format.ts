// How cost and fit figures read: money with enough digits to compare tiny amounts, short durations, throughput.

/** USD with three significant digits below $10 (e.g. $0.00446), cents above. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  return usd < 10 ? `$${usd.toPrecision(3)}` : `$${usd.toFixed(2)}`;
}

/** e.g. 40 ms, 2.4 s, 1 min 12 s. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

/** Three significant digits, thousands grouped: 4,545 / 12.3 / 0.456. */
export function formatRate(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
