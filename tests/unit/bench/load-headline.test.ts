// The bench's measured-load sentence, its like-for-like ratios and the generated headline, on synthetic series.
import { describe, expect, it } from 'vitest';
import { buildGemm, buildLikeForLike, threadsTask } from '../../../scripts/bench/like-for-like';
import { headline } from '../../../scripts/bench/headline';
import { loadWarning, summarizeLoad } from '../../../scripts/bench/load';
import type { BenchResults, NativeReport } from '../../../scripts/bench/types';
import type { ThreadsResult } from '../../../src/bench/protocol';
import { mulberry32 } from '../../../src/engine/random';

const series = (n: number, centre: number, seed: number) => {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => centre * (1 + 0.2 * (rand() - 0.5)));
};
const settle = { rounds: [1, 1, 1], settled: true, ms: 1000, runs: 30 };

describe('measured machine load', () => {
  const samples = (loads: number[]): [number, number][] => loads.map((l, i) => [5 * i, l]);

  it('prints no warning for a quiet run, even with a short spike', () => {
    const quiet = summarizeLoad(samples([0.8, 1.1, 2.6, 1.0, 0.9, 1.2, 1.0, 0.7, 1.1, 1.3, 0.9, 1.0]), 2, 5);
    expect(quiet).toMatchObject({ max: 2.6, aboveCores: 1 / 12 });
    expect(loadWarning(quiet)).toBeUndefined();
  });

  it('warns, with the measured figures, when the load stayed above the cores', () => {
    const busy = summarizeLoad(samples([1.5, 3.2, 4.8, 5.1, 4.0, 1.8]), 2, 5);
    expect(loadWarning(busy)).toMatch(/^Other jobs loaded the machine during this run: the 1-minute load average \(sampled every 5 s, 6 samples\) was above the 2 logical CPUs for 67% of it \(mean 3\.4, peak 5\.1\)/);
  });
});

describe('web vs native like for like', () => {
  const web: ThreadsResult = {
    model: 'm', block: 10, ms: 1, workers: [
      { threadsRequested: 1, threads: 1, settle, times: series(300, 3, 1), loopMedianMs: 3 },
      { threadsRequested: 2, threads: 2, settle, times: series(300, 2, 2), loopMedianMs: 2 },
    ],
  };
  const native: NativeReport = {
    available: true, results: [],
    threads: [{ model: 'm', block: 10, workers: [{ threads: 1, settle, times: series(300, 1, 3), loopMedianMs: 1 }, { threads: 2, settle, times: series(300, 0.6, 4), loopMedianMs: 0.6 }] }],
    gemm: { shape: { m: 8, n: 8, k: 8 }, threads: 1, times: [], medianMs: 1, gflops: 200 },
  };

  it('divides web loop by native loop per thread count and each runtime by itself for the 2-thread speed-up', () => {
    const [r] = buildLikeForLike([web], native);
    expect(r.rows.map((x) => x.ratio)).toEqual([3, 2 / 0.6]);
    expect(r.rows[0].ratioCi95![0]).toBeGreaterThan(2.8);
    expect(r.rows[0].ratioCi95![1]).toBeLessThan(3.2);
    expect(r.speedup.web!.ratio).toBe(1.5);
    expect(r.speedup.native!.ratio).toBeCloseTo(1 / 0.6);
    expect(r.speedup.web!.ci95[0]).toBeGreaterThan(1.35);
  });

  it('leaves native columns empty without onnxruntime-node', () => {
    const [r] = buildLikeForLike([web], { available: false, results: [] });
    expect(r.rows.map((x) => x.ratio)).toEqual([undefined, undefined]);
    expect(r.speedup.native).toBeUndefined();
  });

  it('blocks cover about 25 ms and give at least six rounds', () => {
    expect(threadsTask('m', 500, 0.1, { minMs: 1, maxMs: 2 }).block).toBe(84);
    expect(threadsTask('m', 20, 60, { minMs: 1, maxMs: 2 }).block).toBe(1);
  });

  it('puts int8 QDQ next to int8 dynamic in the headline, with intervals and the GEMM GFLOP/s', () => {
    const cell = (ratio: number, ci: [number, number], noise = false) => ({ medianMs: 1, p95Ms: 1, n: 30, ratio, ratioCi95: ci, withinNoise: noise });
    const row = (recipe: string, rawRatio: number, c: ReturnType<typeof cell>) => ({ recipe, label: recipe, errors: [], hashCheck: 'single' as const, hashSources: {}, native: {}, rawRatio, latency: { 'wasm-1': c } });
    const r = {
      date: '2026-12-01T10:00:00Z', machine: { cpuModel: 'AMD EPYC', cores: 2, chromium: 'Chromium 156.0 built on Debian', ortWeb: '1.30.0' },
      settings: { backends: [{ key: 'wasm-1', label: 'WASM 1 thread', backend: 'wasm', threads: 1, quotable: true }] },
      tables: [{ model: 'digits-cnn', title: 'Digits (CNN)', rows: [row('int8-dynamic', 0.27, cell(1.21, [1.18, 1.25])), row('int8-qdq', 0.28, cell(0.98, [0.95, 1.02], true))] }],
      likeForLike: buildLikeForLike([web], native),
      gemm: buildGemm({ shape: { m: 8, n: 8, k: 8 }, threads: 1, times: [], medianMs: 5, gflops: 40 }, native),
      cold: [{ model: 'digits-cnn', ok: true, moduleStartMs: 1, firstResultMs: 1400 }],
    } as unknown as BenchResults;
    const text = headline(r);
    expect(text).toContain('int8 dynamic shrinks the models to 0.27× and int8 QDQ to 0.28× of their fp32 size (raw bytes).');
    expect(text).toContain('int8 dynamic runs at Digits 1.21× [1.18–1.25]; int8 QDQ runs at Digits 0.98× [0.95–1.02] ≈.');
    expect(text).toContain('ORT-web WASM runs 3.00–3.33× slower than native');
    expect(text).toContain('one WASM thread reaches 40 GFLOP/s and one native thread 200 (5.00×)');
    expect(text).toContain('First inference after a cold load takes 1.4 s.');
  });
});
