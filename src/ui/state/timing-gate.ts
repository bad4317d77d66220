// Latency is timed with the page's other background work paused: a pane refining its accuracy (or the sweep
// evaluating) in another worker would share the CPU with the runs being timed and make them look slower.
// Background work takes the gate shared, a chunk at a time (about a second); timing takes it exclusively: it waits
// for the chunks in flight to finish and holds new ones back until it is done. Two timings (both panes' Measure
// pressed at once) run one after the other.
export class TimingGate {
  #shared = 0;
  #exclusive = 0;
  #waiters: (() => void)[] = [];
  #timings: Promise<unknown> = Promise.resolve();

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.#exclusive++;
    const run = this.#timings.then(async () => {
      try {
        while (this.#shared > 0) await this.#wait();
        return await fn();
      } finally {
        this.#exclusive--;
        this.#wake();
      }
    });
    this.#timings = run.catch(() => {});
    return run;
  }

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.#exclusive > 0) await this.#wait();
    this.#shared++;
    try {
      return await fn();
    } finally {
      this.#shared--;
      this.#wake();
    }
  }

  /** Whether a timing is waiting or running (the UI says why background work paused). */
  get timing(): boolean {
    return this.#exclusive > 0;
  }

  #wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    waiters.forEach((w) => w());
  }
}

/** The page's one gate: both panes and the sweep share the same CPU. */
export const timingGate = new TimingGate();
