// A worker that dies between two calls of one operation (benchmark, then evaluate) must not let the second call
// run in a fresh, empty worker: it fails with the crash, until a caller re-checks `generation` and sets up again.
import { describe, expect, it } from 'vitest';
import { WorkerBridge, WorkerCrashedError } from '../../../src/workers/bridge';

/** Answers every comlink call at once with `ok` (enough of the wire protocol for `call`). */
class EchoWorker extends EventTarget {
  terminated = false;
  postMessage(message: { id?: string }): void {
    queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data: { id: message.id, type: 'RAW', value: 'ok' } })));
  }
  terminate(): void {
    this.terminated = true;
  }
  start(): void {}
  crash(): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught RuntimeError: unreachable' }));
  }
}

function setup() {
  const workers: EchoWorker[] = [];
  const bridge = new WorkerBridge<{ ping(): Promise<string> }>(() => {
    workers.push(new EchoWorker());
    return workers.at(-1) as unknown as Worker;
  });
  return { bridge, workers };
}

describe('worker bridge after a crash', () => {
  it('fails the next call with the crash instead of running it in a fresh worker', async () => {
    const { bridge, workers } = setup();
    const seen = bridge.generation;
    expect(await bridge.call((api) => api.ping())).toBe('ok');
    workers[0].crash(); // between two calls, nothing pending
    await expect(bridge.call((api) => api.ping())).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(bridge.call((api) => api.ping())).rejects.toThrow(/worker crashed \(Uncaught RuntimeError: unreachable\)/);
    expect(workers).toHaveLength(1); // no empty worker was started behind the caller's back
    expect(bridge.generation).not.toBe(seen); // the caller notices and will open its model again...
    expect(await bridge.call((api) => api.ping())).toBe('ok'); // ...so calls go through, to a new worker
    expect(workers).toHaveLength(2);
    bridge.dispose();
  });

  it('a cancel is not a crash: the next call starts a fresh worker right away', async () => {
    const { bridge, workers } = setup();
    await bridge.call((api) => api.ping());
    bridge.cancel();
    expect(await bridge.call((api) => api.ping())).toBe('ok');
    expect(workers).toHaveLength(2);
    bridge.dispose();
  });
});
