// A pane's measured run as engine/cost.ts takes it (median latency on the backend and threads it really ran on).
import type { RunFacts } from '../../engine/cost';
import type { PaneState } from '../state/pane.svelte';

export function paneRun(pane: PaneState | undefined): RunFacts | undefined {
  return pane?.latency && pane.info ? { medianMs: pane.latency.medianMs, backend: pane.info.backend, threads: pane.info.threads } : undefined;
}
