import { describe, expect, it } from 'vitest';
import { CancelledError, WorkerBridge, WorkerCrashedError } from '../../src/workers/bridge';

/** Just enough of a Worker for the bridge: messages go nowhere, so every call stays pending until reset. */
class FakeWorker extends EventTarget {
  terminated = false;
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
  start(): void {}
}

function bridgeWithFakes() {
  const spawned: FakeWorker[] = [];
  const bridge = new WorkerBridge<{ ping(): Promise<string> }>(() => {
    const w = new FakeWorker();
    spawned.push(w);
    return w as unknown as Worker;
  });
  return { bridge, spawned };
}

describe('worker bridge', () => {
  it('cancels by terminating the worker, rejects what was pending and marks the state as gone at once', async () => {
    const { bridge, spawned } = bridgeWithFakes();
    const pending = bridge.call((api) => api.ping());
    const before = bridge.generation;
    bridge.cancel();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(spawned[0].terminated).toBe(true);
    expect(bridge.generation).toBeGreaterThan(before); // before any new call: callers can tell the model is gone
    void bridge.call((api) => api.ping()).catch(() => {});
    expect(spawned).toHaveLength(2); // respawned lazily on the next call
  });

  it('turns a worker crash into a clear error and restarts on the next call', async () => {
    const { bridge, spawned } = bridgeWithFakes();
    const pending = bridge.call((api) => api.ping());
    const crash = new Event('error') as Event & { message: string };
    crash.message = 'Out of memory';
    spawned[0].dispatchEvent(crash);
    await expect(pending).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(pending).rejects.toThrow(/crashed \(Out of memory\).*restarted/);
    void bridge.call((api) => api.ping()).catch(() => {});
    expect(spawned).toHaveLength(2);
    bridge.dispose();
  });

  it('does not bump the generation when cancelling with no worker running', () => {
    const { bridge } = bridgeWithFakes();
    bridge.cancel();
    expect(bridge.generation).toBe(0);
  });
});
