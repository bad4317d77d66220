// The bench's scale targets from entries: not measured when the big points are absent, met only when the whole
// interval clears the bar, and a miss names where the time went (the per-operator profile), not a guess.
import { describe, expect, it } from 'vitest';
import { scaleMarkdown, scaleTargets, topOps, type ScaleEntry, type ScaleSection } from '../../../scripts/bench/scale-report';

const entry = (over: Partial<ScaleEntry>): ScaleEntry => ({
  point: 'enc-base', params: 109_482_240, kind: 'encoder', recipe: 'int8-dynamic', threads: 1, latencyRatio: 0.4, latencyRatioCi: [0.38, 0.42],
  fp32Ms: 1000, ms: 400, runs: 5, sizeRatio: 0.47, estimatedHeapBytes: 2e9, agreement: { relError: 0.02 }, ...over,
});
const section = (entries: ScaleEntry[]): ScaleSection => ({ entries, failures: [], load: [1.2, 1.5], ms: 60_000 });
const byId = (s: ScaleSection) => (id: string) => scaleTargets(s).filter((c) => c.id === id);

describe('scale targets', () => {
  it('are not measured without BERT-base and GPT-2-small', () => {
    const checks = scaleTargets(section([entry({ point: 'enc-micro', params: 38_880 })]));
    expect(checks.map((c) => [c.id, c.status])).toEqual([['scale-speedup', 'not measured'], ['scale-int4-int8', 'not measured'], ['scale-decode', 'not measured']]);
  });

  it('meet the 2x bar only when the interval is at or below 0.5x, and say why not with the profile', () => {
    const profile = { variant: { pass: [{ op: 'MatMulIntegerToFloat', ms: 300, share: 0.6, kernels: 72 }, { op: 'LayerNormalization', ms: 50, share: 0.1, kernels: 25 }] }, fp32: { pass: [{ op: 'MatMul', ms: 800, share: 0.8, kernels: 72 }] } };
    const met = byId(section([entry({}), entry({ recipe: 'int4', latencyRatio: 1.4, latencyRatioCi: [1.3, 1.5] })]))('scale-speedup');
    expect(met[0]).toMatchObject({ status: 'met', subject: 'enc-base int8-dynamic ×1' });
    const miss = byId(section([entry({ latencyRatio: 0.48, latencyRatioCi: [0.44, 0.55], profile })]))('scale-speedup')[0];
    expect(miss.status).toBe('not met');
    expect(miss.reason).toMatch(/interval must be ≤ 0\.50×; ORT profile per pass \(1 thread\(s\)\): int8-dynamic — MatMulIntegerToFloat 60% \(300 ms\), LayerNormalization 10% \(50 ms\); fp32 — MatMul 80% \(800 ms\); load average 1\.2→1\.5/);
  });

  it('check int4-run-int8 on both download and latency, and report tokens/s at GPT-2-small', () => {
    const s = section([
      entry({ recipe: 'int4-run-int8', sizeRatio: 0.14, latencyRatio: 0.42, latencyRatioCi: [0.4, 0.45] }),
      entry({ recipe: 'int4-run-int8', threads: 2, sizeRatio: 0.14, latencyRatio: 0.6, latencyRatioCi: [0.55, 0.7] }),
      entry({ point: 'dec-gpt2', kind: 'decoder', recipe: 'int4', tokensPerSecond: 3.1, fp32TokensPerSecond: 40, decodeRatio: 12.9 }),
    ]);
    const int4 = byId(s)('scale-int4-int8');
    expect(int4.map((c) => c.status)).toEqual(['met', 'not met']);
    expect(int4[1].reason).toMatch(/latency interval reaches 0\.70× > 0\.50×; not profiled in this run/);
    expect(byId(s)('scale-decode')[0]).toMatchObject({ status: 'met', measured: '3.1 tok/s (fp32 40.0; 12.90× the time)' });
    expect(byId(s)('scale-decode')[0].reason).toMatch(/slower than fp32 when decoding/);
  });

  it('render a table row per entry, sorted by kind and size', () => {
    const md = scaleMarkdown(section([entry({}), entry({ point: 'enc-micro', params: 38_880, latencyRatio: 1.6, latencyRatioCi: [1.5, 1.7] })])).join('\n');
    expect(md.indexOf('| enc-micro | 38,880')).toBeLessThan(md.indexOf('| enc-base | 109,482,240'));
    expect(topOps(undefined)).toBe('no profile');
  });
});
