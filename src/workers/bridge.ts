// Page-side handle on a worker. Cancelling terminates the worker (the only way to stop a WASM call mid-run)
// and a crash rejects what was pending; both respawn lazily, and `generation` tells callers the worker's
// state (e.g. a loaded model) is gone.
import * as Comlink from 'comlink';

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('Cancelled.');
  }
}

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

export class WorkerBridge<Api extends object> {
  #worker: Worker | undefined;
  #api: Comlink.Remote<Api> | undefined;
  #pending = new Set<(e: Error) => void>();
  generation = 0;

  constructor(private readonly spawn: () => Worker) {}

  get api(): Comlink.Remote<Api> {
    if (!this.#api) {
      const worker = this.spawn();
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.#reset(new WorkerCrashedError(`The model worker crashed (${event.message || 'unknown error'}). It has been restarted: try again, perhaps with a smaller model.`));
      });
      this.#worker = worker;
      this.#api = Comlink.wrap<Api>(worker);
      this.generation++;
    }
    return this.#api;
  }

  /** Runs `fn` against the worker; rejects with CancelledError or WorkerCrashedError if the worker goes away first. */
  call<R>(fn: (api: Comlink.Remote<Api>) => Promise<R>): Promise<R> {
    const api = this.api;
    return new Promise<R>((resolve, reject) => {
      const fail = (e: Error) => reject(e);
      this.#pending.add(fail);
      fn(api).then(resolve, reject).finally(() => this.#pending.delete(fail));
    });
  }

  cancel(): void {
    this.#reset(new CancelledError());
  }

  dispose(): void {
    this.#reset(new CancelledError());
  }

  #reset(reason: Error): void {
    // The worker's state (a loaded model) is gone from this moment, not only once a new worker spawns:
    // callers comparing generations must see the change even if they look before the next call.
    if (this.#worker) this.generation++;
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#api = undefined;
    const pending = [...this.#pending];
    this.#pending.clear();
    pending.forEach((fail) => fail(reason));
  }
}

export function proxyCallback<T extends (...args: never[]) => unknown>(fn: T): T & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}
