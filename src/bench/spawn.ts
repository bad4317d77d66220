// One fresh lab worker (the app's LabService) behind the app's WorkerBridge, as a comparison pane gets it.
import { WorkerBridge } from '../workers/bridge';
import type { LabApi } from '../workers/lab-api';

export function newLabBridge(): WorkerBridge<LabApi> {
  return new WorkerBridge<LabApi>(() => {
    const worker = new Worker(new URL('../workers/lab.worker.ts', import.meta.url), { type: 'module' });
    // The bridge reports a crash without details; the bench log keeps what the browser says.
    worker.addEventListener('error', (e) => console.log(`[bench] worker error: ${e.message || '(no message)'} ${e.filename ?? ''}:${e.lineno ?? ''}`));
    return worker;
  });
}
