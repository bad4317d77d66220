// Where a model's time goes, per operator type, from onnxruntime-web's own profiler: a session created with
// profiling on records every kernel, and endProfiling() prints the trace (Chrome trace JSON) through the console of
// the worker. ORT's wasm binds console.log when it starts, so the tap must be installed before that, in the worker
// entry. (Under Node, ORT writes to stdout directly: no tap, no profile; the parser is tested on its own.)
type Log = (...args: unknown[]) => void;

let capture: string[] | undefined;

/** Routes console.log through a tap that can collect lines; call before ORT starts (worker entry). */
export function installConsoleTap(): void {
  const original: Log & { tapped?: boolean } = console.log;
  if (original.tapped) return;
  const tap: Log & { tapped?: boolean } = (...args) => (capture ? capture.push(args.map(String).join(' ')) : original.apply(console, args));
  tap.tapped = true;
  console.log = tap;
}

/** Runs `fn` and returns what it printed through the tap (nothing when the tap is not installed). */
export function captureLog(fn: () => void): string[] {
  const lines: string[] = [];
  capture = lines;
  try {
    fn();
  } finally {
    capture = undefined;
  }
  return lines;
}

export interface OpTime {
  op: string;
  /** Milliseconds per run spent in kernels of this operator type. */
  ms: number;
  /** Share of all kernel time. */
  share: number;
  /** Kernels of this type executed per run. */
  kernels: number;
}

interface TraceEvent { cat: string; name: string; ts: number; dur: number; args?: { op_name?: string } }

/**
 * Per-operator kernel time of the runs in `window` (0-based indices among the session's runs, in order), from the
 * trace ORT printed: the first runs after a load are slower, so the caller picks the later ones.
 */
export function opTimes(lines: readonly string[], window: { from: number; count: number }): OpTime[] {
  const text = lines.join('\n').trim();
  if (!text.startsWith('[')) return [];
  const events = JSON.parse(text.replace(/,\s*\]$/, ']')) as TraceEvent[];
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts).slice(window.from, window.from + window.count);
  if (!runs.length) return [];
  const inRuns = (e: TraceEvent) => runs.some((r) => e.ts >= r.ts && e.ts <= r.ts + r.dur);
  const byOp = new Map<string, { us: number; kernels: number }>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || !inRuns(e)) continue;
    const op = e.args?.op_name ?? 'unknown';
    const cur = byOp.get(op) ?? { us: 0, kernels: 0 };
    cur.us += e.dur;
    cur.kernels++;
    byOp.set(op, cur);
  }
  const total = [...byOp.values()].reduce((n, v) => n + v.us, 0) || 1;
  return [...byOp.entries()]
    .map(([op, v]) => ({ op, ms: v.us / 1000 / runs.length, share: v.us / total, kernels: v.kernels / runs.length }))
    .sort((a, b) => b.ms - a.ms);
}
