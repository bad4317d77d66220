import { describe, expect, it } from 'vitest';
import { csvField, exportName, sweepCsv, sweepJson, type SweepMeta } from '../../../src/ui/sweep/export';
import { withRatios, type SweepResult } from '../../../src/ui/sweep/results';
import { nextSort, sortRows } from '../../../src/ui/sweep/table';

const latency = (ms: number) => ({
  n: 20, warmup: 3, medianMs: ms, p95Ms: ms * 1.5, minMs: ms, maxMs: ms * 2, meanMs: ms,
  input: { source: 'eval-set' as const, index: 1, dims: [[1, 1, 28, 28]] }, settle: { runs: 3, ms: 310, settled: true, lastMs: ms }, backend: 'wasm' as const, threads: 2,
});
const CAVEAT = { en: 'ConvInteger may be slower, with a comma', zh: 'ConvInteger 可能更慢' };
const evaluation = (value: number, n = 300) => ({ metric: 'accuracy' as const, value, ci95: { low: value - 0.01, high: value + 0.01 }, n, ms: 5, agreement: { top1Match: 0.995, meanAbsDelta: 0.0123, n } });
const RESULTS: SweepResult[] = [
  { id: 'fp32', label: { en: 'fp32 (original)', zh: 'fp32（原始）' }, recipe: [], size: { raw: 209994, gzip: 195152 }, latency: latency(0.5), evaluation: evaluation(0.99), compressMs: 0, warnings: [], layersChanged: 0, backend: 'wasm', threads: 2 },
  { id: 'int8-dynamic', label: { en: 'int8 dynamic', zh: 'int8 动态' }, recipe: [{ transform: 'int8-dynamic', options: { granularity: 'per-channel', conv: true } }], size: { raw: 56279, gzip: 49663 }, latency: latency(0.75), evaluation: evaluation(0.985), compressMs: 197.5, warnings: [CAVEAT], layersChanged: 4, backend: 'wasm', threads: 2 },
  { id: 'low-rank', label: { en: 'low-rank, "rank" 25%', zh: '低秩' }, recipe: [{ transform: 'low-rank', options: { mode: 'rank', rank: 25 } }], error: 'Bad thing, with a comma\nand a line' },
];
const META: SweepMeta = { model: 'digits-cnn', backend: 'wasm', threads: 2, runs: 20, evalLimit: 300, date: '2025-01-01T00:00:00.000Z' };

describe('sweep results', () => {
  it('computes ratios against the fp32 row of the same sweep, and none without it', () => {
    const [fp32, int8, failed] = withRatios(RESULTS);
    expect(fp32.sizeRatio).toEqual({ raw: 1, gzip: 1 });
    expect(int8.sizeRatio!.raw).toBeCloseTo(56279 / 209994, 12);
    expect(int8.latencyRatio).toBeCloseTo(1.5, 12);
    expect(failed.sizeRatio).toBeUndefined();
    expect(withRatios(RESULTS.slice(1))[0].latencyRatio).toBeUndefined();
  });

  it('sorts by any column with unmeasured rows last, and flips on a second click', () => {
    const rows = withRatios(RESULTS);
    expect(sortRows(rows, 'raw', 'ascending').map((r) => r.id)).toEqual(['int8-dynamic', 'fp32', 'low-rank']);
    expect(sortRows(rows, 'raw', 'descending').map((r) => r.id)).toEqual(['fp32', 'int8-dynamic', 'low-rank']);
    expect(sortRows(rows, 'label', 'descending').map((r) => r.id)).toEqual(['low-rank', 'int8-dynamic', 'fp32']);
    expect(sortRows(rows, 'order', 'ascending').map((r) => r.id)).toEqual(['fp32', 'int8-dynamic', 'low-rank']);
    expect(sortRows(rows, 'warnings', 'descending').map((r) => r.id)).toEqual(['int8-dynamic', 'fp32', 'low-rank']);
    expect(nextSort({ key: 'raw', dir: 'ascending' }, 'raw')).toEqual({ key: 'raw', dir: 'descending' });
    expect(nextSort({ key: 'raw', dir: 'ascending' }, 'quality', true)).toEqual({ key: 'quality', dir: 'descending' });
  });
});

describe('sweep export', () => {
  it('writes CSV with a header row, one row per recipe, raw numbers and RFC 4180 quoting', () => {
    const csv = sweepCsv(withRatios(RESULTS));
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, fp32, int8] = csv.split('\r\n');
    const cols = header.split(',');
    expect(cols.slice(0, 7)).toEqual(['id', 'label', 'recipe', 'status', 'error', 'raw_bytes', 'gzip_bytes']);
    const cell = (line: string, name: string) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[cols.indexOf(name)];
    expect(cell(fp32, 'raw_bytes')).toBe('209994');
    expect(cell(int8, 'raw_ratio_to_fp32')).toBe(String(56279 / 209994));
    expect(cell(int8, 'compress_ms')).toBe('197.5');
    expect(cell(int8, 'value')).toBe('0.985');
    expect(cell(int8, 'n')).toBe('300');
    expect(cell(int8, 'recipe')).toBe('"[{""transform"":""int8-dynamic"",""options"":{""granularity"":""per-channel"",""conv"":true}}]"');
    expect(cell(fp32, 'latency_ratio_to_fp32')).toBe('1');
    // What was timed and how, and the warnings' text (not a count).
    expect(cell(int8, 'latency_input')).toBe('eval-set 1 [1x1x28x28]');
    expect(cell(int8, 'latency_settled')).toBe('true');
    expect(cell(int8, 'latency_warmup_ms')).toBe('310');
    expect(cell(int8, 'warnings')).toBe('"ConvInteger may be slower, with a comma"');
    expect(cell(fp32, 'warnings')).toBe('');
    // The failed row: quoted error with its line break, empty measurements.
    expect(csv).toContain('low-rank,"low-rank, ""rank"" 25%","[{""transform"":""low-rank""');
    expect(csv).toContain(',failed,"Bad thing, with a comma\nand a line",,,');
    expect(csvField(undefined)).toBe('');
    expect(csvField('plain')).toBe('plain');
  });

  it('writes JSON with the settings and every measurement, and a safe file name', () => {
    const parsed = JSON.parse(sweepJson(META, withRatios(RESULTS)));
    expect(parsed).toMatchObject({ tool: 'ModelLab sweep', model: 'digits-cnn', runs: 20, evalLimit: 300, threads: 2 });
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.rows[1]).toMatchObject({ id: 'int8-dynamic', size: { raw: 56279 }, latency: { medianMs: 0.75 }, evaluation: { value: 0.985, n: 300 }, latencyRatio: 1.5 });
    expect(parsed.rows[2].error).toMatch(/Bad thing/);
    expect(exportName(META)).toBe('modellab-sweep-digits-cnn');
    expect(exportName({ ...META, model: 'my model (v2).onnx' })).toBe('modellab-sweep-my_model_v2_');
  });
});
