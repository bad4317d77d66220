import { describe, expect, it } from 'vitest';
import { summarize, percentile, median } from '../../src/runtime/stats';
import { parseBackend, wasmThreads, probeWebGpu } from '../../src/runtime/backend';
import { wilson, ratioBootstrap, medianWithInterval } from '../../src/engine/confidence';
import { softmax, topK } from '../../src/engine/classify';
import { characterErrors } from '../../src/models/text-metrics';

describe('latency statistics', () => {
  it('computes median and nearest-rank p95', () => {
    const times = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    const s = summarize([...times].reverse(), 5);
    expect(s).toMatchObject({ n: 20, warmup: 5, medianMs: 10.5, p95Ms: 19, minMs: 1, maxMs: 20, meanMs: 10.5 });
    expect(percentile([3], 95)).toBe(3);
    expect(median([1, 2, 9])).toBe(2);
    expect(median([9, 1, 4, 2])).toBe(3); // any order; even count: mean of the middle two
    expect(() => percentile([], 50)).toThrow(/empty/);
  });
});

describe('median with a distribution-free interval', () => {
  const oneTo = (n: number) => Array.from({ length: n }, (_, i) => n - i); // unsorted on purpose
  it('uses the order statistics of the standard tables: ranks 2 and 9 of 10, 4 and 12 of 15, 6 and 15 of 20', () => {
    expect(medianWithInterval(oneTo(10))).toEqual({ median: 5.5, ci: { low: 2, high: 9 } });
    expect(medianWithInterval(oneTo(15))).toEqual({ median: 8, ci: { low: 4, high: 12 } });
    expect(medianWithInterval(oneTo(20))).toEqual({ median: 10.5, ci: { low: 6, high: 15 } });
  });
  it('falls back to [min, max] below 6 values and refuses none', () => {
    expect(medianWithInterval([3, 1, 2])).toEqual({ median: 2, ci: { low: 1, high: 3 } });
    expect(medianWithInterval(oneTo(6)).ci).toEqual({ low: 1, high: 6 });
    expect(() => medianWithInterval([])).toThrow(/at least one/);
  });
});

describe('backend choice', () => {
  it('parses valid names and lists them on error', () => {
    expect(parseBackend('webgpu')).toBe('webgpu');
    expect(() => parseBackend('cuda')).toThrow('Unknown backend "cuda". Valid backends: wasm, webgpu.');
  });

  it('uses one thread without cross-origin isolation and caps the rest', () => {
    expect(wasmThreads(false, 16)).toBe(1);
    expect(wasmThreads(true, 16)).toBe(8);
    expect(wasmThreads(true, 4, 2)).toBe(2);
    expect(wasmThreads(true, 2, 9)).toBe(2);
  });

  it('explains a missing or refusing WebGPU instead of throwing', async () => {
    expect(await probeWebGpu(undefined)).toMatchObject({ available: false, note: { en: expect.stringMatching(/no WebGPU/), zh: expect.stringMatching(/WebGPU/) } });
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    expect(await probeWebGpu(noAdapter)).toMatchObject({ available: false, note: { en: expect.stringMatching(/no GPU adapter/), zh: expect.stringMatching(/GPU 适配器/) } });
    const broken = { requestAdapter: async () => { throw new Error('GPU process crashed'); } } as unknown as GPU;
    expect(await probeWebGpu(broken)).toMatchObject({ available: false, note: { en: expect.stringMatching(/GPU process crashed/), zh: expect.stringMatching(/GPU process crashed/) } });
    const soft = {
      requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader', description: '' }, features: new Set() }),
    } as unknown as GPU;
    expect(await probeWebGpu(soft)).toMatchObject({ available: true, note: { en: expect.stringMatching(/Software adapter/), zh: expect.stringMatching(/软件适配器/) }, details: { shaderF16: false } });
  });
});

describe('metrics helpers', () => {
  it('gives Wilson intervals that contain the estimate and shrink with n', () => {
    const small = wilson(9, 10);
    const big = wilson(900, 1000);
    expect(small.low).toBeLessThan(0.9);
    expect(small.high).toBeGreaterThan(0.9);
    expect(big.high - big.low).toBeLessThan(small.high - small.low);
    expect(wilson(1000, 1000).high).toBe(1);
    expect(wilson(1000, 1000).low).toBeCloseTo(0.9962, 3);
    const edits = [0, 1, 0, 2, 0, 0, 1, 0, 0, 0], lengths = new Array(10).fill(10);
    const ci = ratioBootstrap(edits, lengths);
    expect(ci.low).toBeLessThanOrEqual(0.04);
    expect(ci.high).toBeGreaterThanOrEqual(0.04); // contains the pooled ratio 4/100
    expect(ratioBootstrap(edits, lengths)).toEqual(ci); // seeded: reproducible
  });

  it('softmax sums to one and top-k sorts by probability', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(topK([0.1, 5, 2], ['a', 'b', 'c'], 2).map((s) => s.label)).toEqual(['b', 'c']);
    expect(() => topK([1, 2], ['a'], 1)).toThrow(/2 scores for 1 labels/);
  });

  it('counts character errors over code points', () => {
    expect(characterErrors('kitten', 'sitting')).toBe(3);
    expect(characterErrors('你好世界', '你好世界')).toBe(0);
    expect(characterErrors('你好', '你们好')).toBe(1);
    expect(characterErrors('', 'abc')).toBe(3);
  });
});
