// Cost and fit figures, checked against arithmetic done by hand here (not by the functions under test).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COST_SETTINGS, DEVICE_PRESETS, networksOf, costPerMillion, coresUsed, downloadSeconds, energyPerMillionWh, fitsBudget,
  isDefaultPrice, pricePerCoreHour, throughputPerCore,
} from '../../../src/engine/cost';
import { formatDuration, formatRate, formatUsd } from '../../../src/ui/cost/format';
import { formatRatio, latencyDelta, pointsDelta, ratioDelta } from '../../../src/ui/compare/deltas';

const price = { pricePerHour: 0.72, vcpus: 4 }; // $0.18 per vCPU-hour

describe('cost per million inferences', () => {
  it('is latency (s) × 1e6 / 3600 × price per core-hour × cores, a WASM run billed for its threads', () => {
    expect(pricePerCoreHour(price)).toBeCloseTo(0.18, 15);
    // 36 ms on 1 thread: 1e6 runs take 36,000 s = 10 core-hours -> $1.80
    expect(costPerMillion({ medianMs: 36, backend: 'wasm', threads: 1 }, price)).toBeCloseTo(1.8, 12);
    // the same latency on 4 threads keeps 4 cores busy: 40 core-hours -> $7.20
    expect(costPerMillion({ medianMs: 36, backend: 'wasm', threads: 4 }, price)).toBeCloseTo(7.2, 12);
    // 0.5 ms on 2 threads: 500 s × 2 cores = 0.2778 core-hours -> $0.05
    expect(costPerMillion({ medianMs: 0.5, backend: 'wasm', threads: 2 }, price)).toBeCloseTo(0.05, 12);
  });

  it('gives a GPU run no CPU price rather than a made-up one', () => {
    expect(coresUsed({ backend: 'webgpu', threads: 1 })).toBeUndefined();
    expect(costPerMillion({ medianMs: 5, backend: 'webgpu', threads: 1 }, price)).toBeUndefined();
    expect(throughputPerCore({ medianMs: 5, backend: 'webgpu', threads: 1 })).toBeUndefined();
    expect(energyPerMillionWh({ medianMs: 5, backend: 'webgpu', threads: 1 }, { wattsPerCore: 3 })).toBeUndefined();
  });

  it('states its default price as an assumption with its instance and date', () => {
    expect(DEFAULT_COST_SETTINGS.instance).toMatch(/c7i\.large/);
    expect(DEFAULT_COST_SETTINGS.priceAsOf).toMatch(/^20\d\d$/);
    expect(pricePerCoreHour(DEFAULT_COST_SETTINGS)).toBeCloseTo(0.044625, 12);
    expect(isDefaultPrice(DEFAULT_COST_SETTINGS)).toBe(true);
    expect(isDefaultPrice({ ...DEFAULT_COST_SETTINGS, pricePerHour: 0.1 })).toBe(false);
  });
});

describe('throughput, download, energy, fit', () => {
  it('throughput per core: 1000 / ms / cores', () => {
    expect(throughputPerCore({ medianMs: 4, backend: 'wasm', threads: 1 })).toBe(250);
    expect(throughputPerCore({ medianMs: 4, backend: 'wasm', threads: 2 })).toBe(125);
  });

  it('download time from the gzip size at the stated bandwidths', () => {
    expect(networksOf(DEFAULT_COST_SETTINGS).map((n) => [n.id, n.mbps])).toEqual([['3g', 1.6], ['4g', 9], ['wifi', 50]]);
    expect(networksOf({ mbps: { '3g': 0.5, '4g': 20, wifi: 100 } }).map((n) => n.mbps)).toEqual([0.5, 20, 100]); // the user's rates
    // 2 MB = 16 Mbit: 10 s on 1.6 Mbit/s, 1.78 s on 9, 0.32 s on 50
    expect(downloadSeconds(2_000_000, { mbps: 1.6 })).toBeCloseTo(10, 12);
    expect(downloadSeconds(2_000_000, { mbps: 9 })).toBeCloseTo(16 / 9, 12);
    expect(downloadSeconds(2_000_000, { mbps: 50 })).toBeCloseTo(0.32, 12);
  });

  it('energy estimate: latency × watts × cores, in Wh per million', () => {
    // 36 ms × 1e6 = 36,000 s; × 3 W × 2 cores = 216,000 J = 60 Wh
    expect(energyPerMillionWh({ medianMs: 36, backend: 'wasm', threads: 2 }, { wattsPerCore: 3 })).toBeCloseTo(60, 12);
  });

  it('fits a budget only when memory, download and latency are all within it, and says "unknown" for what is unmeasured', () => {
    const phone = DEVICE_PRESETS.phone; // 256 MiB, 10 MB, 100 ms
    expect(fitsBudget({ gzipBytes: 9_999_999, peakHeapBytes: 256 * 1024 * 1024, medianMs: 100 }, phone)).toEqual({ memory: true, download: true, latency: true, fits: true });
    expect(fitsBudget({ gzipBytes: 10_000_001, peakHeapBytes: 1, medianMs: 1 }, phone)).toMatchObject({ download: false, fits: false });
    expect(fitsBudget({ gzipBytes: 1, peakHeapBytes: 256 * 1024 * 1024 + 1, medianMs: 1 }, phone)).toMatchObject({ memory: false, fits: false });
    expect(fitsBudget({ gzipBytes: 1, peakHeapBytes: 1, medianMs: 100.5 }, phone)).toEqual({ memory: true, download: true, latency: false, fits: false });
    expect(fitsBudget({ gzipBytes: 1, peakHeapBytes: 1 }, phone)).toEqual({ memory: true, download: true, latency: undefined, fits: undefined });
    expect(fitsBudget({ gzipBytes: 1 }, phone)).toEqual({ memory: undefined, download: true, latency: undefined, fits: undefined });
    expect(fitsBudget({ gzipBytes: 20_000_000 }, phone).fits).toBe(false); // too big to download, whatever the rest
    expect(fitsBudget({ gzipBytes: 1, medianMs: 60 }, DEVICE_PRESETS.edge).fits).toBe(false); // 50 ms on the edge box
  });
});

describe('how the figures read', () => {
  it('money, durations and rates', () => {
    expect(formatUsd(0.0044625)).toBe('$0.00446');
    expect(formatUsd(1.8)).toBe('$1.80');
    expect(formatUsd(123.456)).toBe('$123.46');
    expect(formatDuration(0.32)).toBe('320 ms');
    expect(formatDuration(16 / 9)).toBe('1.8 s');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatRate(4545.4)).toBe('4,545');
    expect(formatRate(12.345)).toBe('12.3');
  });

  it('right-vs-left deltas as ratios and signed percentage points', () => {
    expect(formatRatio(0.2681)).toBe('0.27×');
    expect(formatRatio(0.004)).toBe('0.004×');
    expect(ratioDelta(55, 205)).toEqual({ text: '0.27×', good: true });
    expect(ratioDelta(0.41, 0.26)).toEqual({ text: '1.58×', good: false });
    expect(ratioDelta(100.2, 100)).toEqual({ text: '1.00×' }); // within half a percent: no change
    const pp = (v: string) => `${v} pp`;
    expect(pointsDelta(0.981, 0.984, false, pp)).toEqual({ text: '−0.30 pp', good: false });
    expect(pointsDelta(0.021, 0.031, true, pp)).toEqual({ text: '−1.00 pp', good: true }); // a lower error rate is better
    expect(pointsDelta(0.5, 0.5, false, pp)).toEqual({ text: '±0.00 pp' });
  });

  it("latency change: through each side's ratio to fp32 from alternated runs when both have one, else the medians", () => {
    // The right pane was timed on a slower minute (120 ms against fp32's 100 ms, measured elsewhere) but its runs
    // alternated with fp32's came out at 0.88x: the change says 0.88x, not 1.20x.
    const vs = (ratio: number, low: number, high: number) => ({ ratio, ci: { low, high } });
    expect(latencyDelta({ medianMs: 120, vsFp32: vs(0.88, 0.85, 0.91) }, false, { medianMs: 100 }, true)).toEqual({ text: '0.88×', good: true });
    expect(latencyDelta({ medianMs: 60, vsFp32: vs(0.5, 0.48, 0.52) }, false, { medianMs: 100, vsFp32: vs(0.8, 0.78, 0.82) }, false)).toEqual({ text: '0.63×', good: true });
    // An interval that includes 1 (fp16 on CPU): neither better nor worse, marked ≈.
    expect(latencyDelta({ medianMs: 105, vsFp32: vs(1.02, 0.95, 1.08) }, false, { medianMs: 100 }, true)).toEqual({ text: '≈ 1.02×' });
    // Two alternated sides: the intervals of both count (0.90/0.95 .. 0.97/0.90 includes 1).
    expect(latencyDelta({ medianMs: 1, vsFp32: vs(0.93, 0.9, 0.97) }, false, { medianMs: 1, vsFp32: vs(0.92, 0.9, 0.95) }, false)).toEqual({ text: '≈ 1.01×' });
    // Without a ratio on one side (an older measurement), the two medians.
    expect(latencyDelta({ medianMs: 120, vsFp32: vs(0.88, 0.85, 0.91) }, false, { medianMs: 100 }, false)).toEqual({ text: '1.20×', good: false });
  });
});
