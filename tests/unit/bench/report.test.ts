import { describe, expect, it } from 'vitest';
import { buildModelTable, formatLatency, formatQuality, hashGroups, formatTable, markdownTable, noiseBand, tableCells, tableColumns, withinNoise } from '../../../scripts/bench/report';
import { mulberry32 } from '../../../src/engine/random';
import { chartSeries } from '../../../scripts/bench/chart';
import { checkRecipes, STANDARD_RECIPES } from '../../../scripts/bench/recipes';
import type { NativeReport } from '../../../scripts/bench/types';
import { BACKENDS, browserRun, recipeRun, stats } from './fixtures';

const recipes = STANDARD_RECIPES.filter((r) => r.name === 'fp32' || r.name === 'int8-dynamic');
const evalResult = (value: number) => ({ metric: 'accuracy' as const, value, ci95: { low: value - 0.01, high: value + 0.01 }, n: 100, ms: 1, agreement: { top1Match: 0.98, meanAbsDelta: 0.01, n: 100 } });
const native: NativeReport = { available: true, version: '1.30.0', results: [{ model: 'm', recipe: 'fp32', threads: 1, latency: stats(2) }] };
/** `n` times around `centre` ms, ±10%, seeded. */
const series = (n: number, centre: number, seed: number) => {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => centre * (1 + 0.2 * (rand() - 0.5)));
};

function table() {
  return buildModelTable({
    model: 'm', title: 'M', recipes, backends: BACKENDS, evalBackend: 'wasm-2', evalLimit: null, native,
    engine: [{ model: 'm', recipe: 'int8-dynamic', sha256: 'hash-int8-dynamic' } as never],
    browser: [
      browserRun('m', 'wasm-1', [recipeRun('fp32', 1000, 10, 10, { loopMedianMs: 8 }), recipeRun('int8-dynamic', 270, 5, 11)]),
      browserRun('m', 'wasm-2', [recipeRun('fp32', 1000, 6, 6, { eval: evalResult(0.9) }), recipeRun('int8-dynamic', 270, 3, 6, { eval: evalResult(0.88) })]),
    ],
  });
}

describe('bench report', () => {
  it('divides by the interleaved fp32 runs and the native run with the same threads', () => {
    const t = table();
    const int8 = t.rows[1];
    expect(int8.rawRatio).toBeCloseTo(0.27);
    expect(int8.latency['wasm-1']!.ratio).toBeCloseTo(5 / 11);
    expect(int8.latency['wasm-2']!.ratio).toBeCloseTo(0.5);
    // Web vs native compares the browser's in-worker loop (8 ms), not its per-message runs (10 ms), with native.
    expect(t.rows[0].native['1']!.browserRatio).toBeCloseTo(4);
    expect(t.fp32Spread['wasm-1']).toBeCloseTo(0.1);
    expect(t.fp32Spread['wasm-2']).toBe(0);
    expect(int8.value).toBe(0.88);
    expect(int8.agreement).toBe(0.98);
    expect(int8.weightBytes).toBe(600);
    expect(t.evalNote).toBe('full eval set (n = 100)');
  });

  it('shows every fp32 run of the reference worker in the fp32 row, keeping its fp32-vs-fp32 ratio', () => {
    const t = buildModelTable({
      model: 'm', title: 'M', recipes, backends: BACKENDS, evalBackend: 'wasm-2', evalLimit: null, native, engine: [],
      browser: [browserRun('m', 'wasm-1', [
        recipeRun('fp32', 1000, 9, 10, { referenceTimes: [10, 11, 12] }),
        recipeRun('int8-dynamic', 270, 5, 11, { referenceTimes: [1, 2, 30] }),
      ])],
    });
    const cell = t.rows[0].latency['wasm-1']!;
    expect(cell).toMatchObject({ pooled: true, n: 6, medianMs: 10.5, minMs: 1, ratio: 0.9 });
    expect(t.rows[0].native['1']!.browserRatio).toBeUndefined(); // no in-worker loop: no like-for-like ratio
    expect(t.rows[1].latency['wasm-1']).toMatchObject({ pooled: false, medianMs: 5 });
  });

  it('marks ratios whose 95% interval overlaps the fp32-vs-fp32 noise band, and prints the intervals', () => {
    expect(noiseBand([1.02, 1.08])).toEqual([1, 1.08]); // widened to include 1
    expect(withinNoise([1.05, 1.2], [0.97, 1.06])).toBe(true);
    expect(withinNoise([0.4, 0.5], [0.97, 1.06])).toBe(false);
    const t = buildModelTable({
      model: 'm', title: 'M', recipes, backends: BACKENDS, evalBackend: 'wasm-2', evalLimit: null, native, engine: [],
      browser: [browserRun('m', 'wasm-1', [
        recipeRun('fp32', 1000, 10, 10, { ratioCi95: [0.97, 1.04] }),
        recipeRun('int8-dynamic', 270, 10.2, 10, { ratioCi95: [0.99, 1.05], settle: { rounds: [1, 1, 1], settled: false, ms: 9, runs: 30 } }),
      ]), browserRun('m', 'wasm-2', [recipeRun('fp32', 1000, 6, 6, { ratioCi95: [0.98, 1.03] }), recipeRun('int8-dynamic', 270, 3, 6, { ratioCi95: [0.45, 0.55] })])],
    });
    expect(t.noise).toEqual({ 'wasm-1': [0.97, 1.04], 'wasm-2': [0.98, 1.03] });
    expect(t.rows[1].latency['wasm-1']).toMatchObject({ withinNoise: true, settled: false });
    expect(t.rows[1].latency['wasm-2']).toMatchObject({ withinNoise: false });
    expect(formatLatency(t.rows[1].latency['wasm-1'])).toBe('10.2/15.3 (1.02× [0.99–1.05] ≈, unsettled)');
    expect(formatLatency(t.rows[1].latency['wasm-2'])).toBe('3.00/4.50 (0.50× [0.45–0.55])');
  });

  it('gives web vs native a bootstrap interval from the raw loop and native times', () => {
    const web = series(200, 2, 1), nat = series(200, 1, 2);
    const t = buildModelTable({
      model: 'm', title: 'M', recipes, backends: BACKENDS, evalBackend: 'wasm-2', evalLimit: null, engine: [],
      native: { available: true, results: [{ model: 'm', recipe: 'fp32', threads: 1, latency: stats(1), times: nat }] },
      browser: [browserRun('m', 'wasm-1', [recipeRun('fp32', 1000, 2.5, 2.5, { loopMedianMs: 2, loopTimes: web })])],
    });
    const cell = t.rows[0].native['1']!;
    expect(cell.browserRatio).toBeCloseTo(2);
    expect(cell.browserRatioCi95![0]).toBeGreaterThan(1.9);
    expect(cell.browserRatioCi95![1]).toBeLessThan(2.1);
  });

  it('flags variant bytes that differ between the browser workers and the engine', () => {
    expect(table().rows[1].hashCheck).toBe('match');
    const t = buildModelTable({
      model: 'm', title: 'M', recipes, backends: BACKENDS, evalBackend: 'wasm-2', evalLimit: null, native, engine: [],
      browser: [browserRun('m', 'wasm-1', [recipeRun('fp32', 1000, 10, 10)]), browserRun('m', 'wasm-2', [recipeRun('fp32', 1000, 10, 10, { sha256: 'other' })])],
    });
    expect(t.rows[0].hashCheck).toBe('mismatch');
    expect(hashGroups(t.rows[0])).toBe('wasm-1 hash-fp3…, wasm-2 other…');
    expect(hashGroups(table().rows[1])).toBe('wasm-1 + wasm-2 + engine hash-int…');
  });

  it('formats cells and pads plain-text tables', () => {
    const row = table().rows[1];
    const cells = tableCells(row, BACKENDS, [1]);
    expect(cells[0]).toBe('int8 dynamic');
    expect(cells[3]).toBe('0.27× (gz 0.27×)');
    expect(cells[5]).toBe('3.00/4.50 (0.50×)'); // no interval recorded: none printed
    expect(formatQuality(row)).toBe('88.00% [87.00%–89.00%] n=100');
    expect(tableColumns(BACKENDS, [1])).toHaveLength(cells.length);
    const text = formatTable(['a', 'bb'], [['xyz', '1'], ['q', '22']]);
    expect(text.split('\n')).toEqual(['a    bb', '---  --', 'xyz   1', 'q    22']);
    expect(markdownTable(['a', 'b'], [['x|y', '1']])).toBe('| a | b |\n|:---|---:|\n| x\\|y | 1 |');
  });

  it('plots OCR quality as 1 - CER', () => {
    const t = table();
    t.rows[0].metric = 'cer';
    t.rows[0].value = 0.02;
    const [s] = chartSeries([t], 'wasm-1');
    expect(s.size.map((p) => p.y)).toEqual([0.98, 0.88]);
    expect(s.latency[1]).toEqual({ x: 5 / 11, y: 0.88, label: 'int8-dynamic' });
  });

  it('validates the standard recipes and names the one with a bad option', () => {
    expect(() => checkRecipes()).not.toThrow();
    expect(() => checkRecipes([...STANDARD_RECIPES, { name: 'bad', label: 'bad', recipe: [{ transform: 'int4', options: { blockSize: 7 } }] }])).toThrow(/Bench recipe "bad": int4: blockSize must be one of/);
  });
});
