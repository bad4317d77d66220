// The one latency method (warm-up until settled, then n timed runs, saying what it timed) on a fake model with a
// JIT-like warm-up, and the gate that keeps background work off the CPU while a latency is timed.
import { describe, expect, it } from 'vitest';
import { measureAgainstFp32, measureLatency, type TimedRuns } from '../../src/runtime/latency';
import { TimingGate } from '../../src/ui/state/timing-gate';

/** Runs get faster over the first `coldRuns` runs (10 ms -> 2 ms), then stay at 2 ms; the clock advances by them. */
function coldModel(coldRuns: number) {
  let runs = 0;
  const clock = { now: 0 };
  const run: TimedRuns = async (n) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++, runs++) {
      const ms = runs < coldRuns ? 10 - (8 * runs) / coldRuns : 2;
      clock.now += ms;
      times.push(ms);
    }
    return times;
  };
  return { run, clock, runs: () => runs };
}

const INPUT = { source: 'eval-set' as const, index: 1, dims: [[1, 3, 48, 320]] };

describe('measureLatency', () => {
  it('times only after the warm-up settled, and says what it timed and how long it warmed up', async () => {
    const m = coldModel(40);
    const realNow = performance.now;
    performance.now = () => m.clock.now;
    try {
      const lat = await measureLatency(m.run, { runs: 20, input: INPUT, backend: 'wasm', threads: 2, settle: { minMs: 100, maxMs: 5000 } });
      expect(lat.medianMs).toBe(2); // a cold first run (10 ms) would have pulled the median up
      expect(lat.p95Ms).toBe(2);
      expect(lat.n).toBe(20);
      expect(lat.settle.settled).toBe(true);
      expect(lat.settle.runs).toBeGreaterThanOrEqual(40);
      expect(lat.warmup).toBe(lat.settle.runs);
      expect(lat.settle.ms).toBeGreaterThanOrEqual(100);
      expect(m.runs()).toBe(lat.settle.runs + 20);
      expect(lat).toMatchObject({ input: INPUT, backend: 'wasm', threads: 2 });
      expect(lat.baseline).toBeUndefined();
    } finally {
      performance.now = realNow;
    }
  });

  it('reports a warm-up that never settled instead of hiding it', async () => {
    let k = 0;
    const realNow = performance.now;
    let clock = 0;
    performance.now = () => clock;
    try {
      // Alternating 1 ms / 3 ms rounds never agree within 15%.
      const run: TimedRuns = async (n) => Array.from({ length: n }, () => ((clock += 20), k++ % 2 ? 3 : 1));
      const lat = await measureLatency(run, { runs: 5, input: INPUT, backend: 'wasm', threads: 1, settle: { minMs: 0, maxMs: 200 } });
      expect(lat.settle.settled).toBe(false);
      expect(lat.settle.ms).toBeGreaterThanOrEqual(200);
    } finally {
      performance.now = realNow;
    }
  });

  it('refuses zero timed runs', async () => {
    await expect(measureLatency(coldModel(0).run, { runs: 0, input: INPUT, backend: 'wasm', threads: 1 })).rejects.toThrow(/at least 1/);
  });
});

/**
 * A machine that slows down as it goes (a busier 2-core laptop, a thermal limit): every run takes `ms` times
 * 1 + clock/1000, so a run 1 s later takes twice as long. The fake clock advances by each run.
 */
function slowingMachine() {
  const clock = { now: 0 };
  const model = (ms: number): TimedRuns => async (n) => Array.from({ length: n }, () => {
    const t = ms * (1 + clock.now / 1000);
    clock.now += t;
    return t;
  });
  return { clock, model };
}

describe('measureAgainstFp32', () => {
  const withClock = async <T>(clock: { now: number }, fn: () => Promise<T>) => {
    const realNow = performance.now;
    performance.now = () => clock.now;
    try {
      return await fn();
    } finally {
      performance.now = realNow;
    }
  };
  const request = { runs: 20, input: INPUT, backend: 'wasm' as const, threads: 1, settle: { minMs: 0, maxMs: 30 } };

  it('keeps fp32 against the same model at 1x on a machine that slows down, where timing one after the other does not', async () => {
    const m = slowingMachine();
    const { sequential, alternated } = await withClock(m.clock, async () => {
      const first = await measureLatency(m.model(4), request);
      const second = await measureLatency(m.model(4), request);
      return { sequential: second.medianMs / first.medianMs, alternated: await measureAgainstFp32(m.model(4), m.model(4), request) };
    });
    expect(sequential).toBeGreaterThan(1.1); // the defect this method exists for
    expect(alternated.vsFp32!.ratio).toBeGreaterThan(0.97);
    expect(alternated.vsFp32!.ratio).toBeLessThan(1.03);
    expect(alternated.vsFp32!.ci.low).toBeLessThanOrEqual(1);
    expect(alternated.vsFp32!.ci.high).toBeGreaterThanOrEqual(1);
  });

  it('finds a variant twice as fast at 0.5x, timing past n runs until the ratio is known to ±5%, the warm-up counted apart', async () => {
    const m = slowingMachine();
    const lat = await withClock(m.clock, () => measureAgainstFp32(m.model(6), m.model(3), request));
    expect(lat.vsFp32!.ratio).toBeGreaterThan(0.47);
    expect(lat.vsFp32!.ratio).toBeLessThan(0.53);
    expect(lat.vsFp32!.ci.high).toBeLessThan(1);
    // The machine slows during each pair, so pairs differ (AB vs BA) and 20 pairs are not yet ±5%: it goes on.
    expect(lat.n).toBeGreaterThan(20);
    expect(lat.n).toBeLessThanOrEqual(80);
    expect(lat.vsFp32!.fp32.n).toBe(lat.n);
    expect(lat.vsFp32!.ci.high / lat.vsFp32!.ratio).toBeLessThanOrEqual(1.05);
    expect(lat.vsFp32!.ci.low / lat.vsFp32!.ratio).toBeGreaterThanOrEqual(0.95);
    expect(lat.warmup).toBe(lat.settle.runs);
    expect(lat.settle.runs).toBeGreaterThan(0);
    expect(lat.medianMs).toBeLessThan(lat.vsFp32!.fp32.medianMs);
    expect(lat).toMatchObject({ input: INPUT, backend: 'wasm', threads: 1 });
  });

  it('refuses fewer than 2 timed runs per side', async () => {
    await expect(measureAgainstFp32(coldModel(0).run, coldModel(0).run, { ...request, runs: 1 })).rejects.toThrow(/at least 2/);
  });
});

describe('TimingGate', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('lets a timing start only when background chunks in flight are done, and holds new ones back meanwhile', async () => {
    const gate = new TimingGate();
    const log: string[] = [];
    let release!: () => void;
    const chunk = gate.shared(async () => {
      log.push('chunk 1 start');
      await new Promise<void>((r) => (release = r));
      log.push('chunk 1 end');
    });
    await tick();
    const timing = gate.exclusive(async () => {
      log.push('timing start');
      await tick();
      log.push('timing end');
    });
    const later = gate.shared(async () => void log.push('chunk 2'));
    await tick();
    expect(log).toEqual(['chunk 1 start']);
    expect(gate.timing).toBe(true);
    release();
    await Promise.all([chunk, timing, later]);
    expect(log).toEqual(['chunk 1 start', 'chunk 1 end', 'timing start', 'timing end', 'chunk 2']);
    expect(gate.timing).toBe(false);
  });

  it('runs two timings one after the other, and a failed one does not block the next', async () => {
    const gate = new TimingGate();
    const log: string[] = [];
    const a = gate.exclusive(async () => {
      log.push('a');
      await tick();
      throw new Error('a failed');
    });
    const b = gate.exclusive(async () => void log.push(`b after ${log.length}`));
    await expect(a).rejects.toThrow('a failed');
    await b;
    expect(log).toEqual(['a', 'b after 1']);
  });
});
