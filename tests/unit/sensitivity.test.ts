// Layer sensitivity on the real langid model, through the pane worker's service (real ORT-web WASM in Node).
import { beforeAll, describe, expect, it } from 'vitest';
import { LabService } from '../../src/workers/lab-service';
import type { SensitivityReport } from '../../src/engine/sensitivity';
import { stubSiteFetch } from './fixtures/site-fetch';

beforeAll(() => {
  stubSiteFetch();
});

describe('layer sensitivity: langid, int4', () => {
  let report: SensitivityReport;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    const lab = new LabService();
    await lab.open({ kind: 'builtin', id: 'langid-50' });
    report = await lab.sensitivity({ transform: 'int4', options: { blockSize: 128, mode: 'symmetric' } }, { limit: 200 }, (done, total) => progress.push([done, total]));
  }, 8_000); // ~2 s of CPU on an idle machine

  it('has one row per MatMul/Gemm, in graph order, with measured deltas', () => {
    expect(report.metric).toBe('accuracy');
    expect(report.n).toBe(200);
    expect(report.rows.map((r) => [r.node, r.op])).toEqual([['dense1', 'Gemm'], ['dense2', 'Gemm']]);
    for (const r of report.rows) {
      expect(r.paramsShare).toBeGreaterThan(0);
      expect(r.metricDelta).toBeCloseTo(-r.damage, 12);
      expect(r.agreement).toBeGreaterThan(0);
      expect(r.agreement).toBeLessThanOrEqual(1);
      expect(r.meanAbsDelta).toBeGreaterThan(0); // int4 always moves the logits
    }
    const shares = report.rows.reduce((s, r) => s + r.paramsShare, 0);
    expect(shares).toBeGreaterThan(0.95); // the two weight matrices are almost all of the model
    expect(shares).toBeLessThanOrEqual(1);
  });

  it('suggests a mixed recipe whose measured metric is at least the all-layers one', () => {
    const { suggestion, all } = report;
    expect(suggestion.value).toBeGreaterThanOrEqual(all.value);
    expect(suggestion.exclude.every((n) => report.rows.some((r) => r.node === n))).toBe(true);
    expect(suggestion.withinTolerance).toBe(suggestion.damage <= report.tolerance);
    expect(all.exclude).toEqual([]);
    expect(all.size.raw).toBeLessThan(report.baselineSize.raw);
  });

  it('reports progress up to the end', () => {
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
  });
});
