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
  #generation = 0;
  /** A crash that happened while no call was pending, so no caller has heard of it yet (see `generation`). */
  #unseenCrash: WorkerCrashedError | undefined;

  constructor(private readonly spawn: () => Worker) {}

  /**
   * Changes whenever the worker's state (an open model, a loaded session) is lost. Reading it is how a caller
   * says it will set that state up again; until one has, calls after a crash between calls reject with that
   * crash, so an operation of several calls (benchmark, then evaluate) never carries on in a fresh, empty
   * worker, where it would fail with a misleading "Choose a model first.".
   */
  get generation(): number {
    this.#unseenCrash = undefined;
    return this.#generation;
  }

  get api(): Comlink.Remote<Api> {
    if (!this.#api) {
      const worker = this.spawn();
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        const crash = new WorkerCrashedError(`The model worker crashed (${event.message || 'unknown error'}). It has been restarted: try again, perhaps with a smaller model.`);
        if (this.#pending.size === 0) this.#unseenCrash = crash; // nobody was told: the next call will be
        this.#reset(crash);
      });
      this.#worker = worker;
      this.#api = Comlink.wrap<Api>(worker);
      this.#generation++;
    }
    return this.#api;
  }

  /** Runs `fn` against the worker; rejects with CancelledError or WorkerCrashedError if the worker goes away first. */
  call<R>(fn: (api: Comlink.Remote<Api>) => Promise<R>): Promise<R> {
    if (this.#unseenCrash) return Promise.reject(this.#unseenCrash);
    const api = this.api;
    return new Promise<R>((resolve, reject) => {
      const fail = (e: Error) => reject(e);
      this.#pending.add(fail);
      const settle = <T>(done: (v: T) => void) => (v: T) => {
        this.#pending.delete(fail); // before the caller resumes: a crash right after must count as between calls
        done(v);
      };
      fn(api).then(settle(resolve), settle(reject));
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
    if (this.#worker) this.#generation++;
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
