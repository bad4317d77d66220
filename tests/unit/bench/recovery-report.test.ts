// The bench's recovery rows become target checks: met only when quality and time both reach the goal (CER counts
// downwards), with the measured numbers and a reason built from the row's own data when missed.
import { describe, expect, it } from 'vitest';
import { recoveryMarkdown, recoveryTargets } from '../../../scripts/bench/recovery-report';
import type { EnsembleEntry, RecoveryResult } from '../../../scripts/bench/types';

const row = (over: Partial<RecoveryResult>): RecoveryResult => ({
  model: 'langid-50', recipe: 'prune-structured 50% + recover', qualityBefore: 0.4454, qualityAfter: 0.9528, fp32Quality: 0.9564,
  seconds: 24.9, threads: 1, metric: 'accuracy', n: 1949, cpuSeconds: 6.6, load: [10.6, 11.4], steps: 500, target: { quality: 0.93, seconds: 120 },
  compressionDetail: 'dense2: rank 1 of 50', ...over,
});

describe('recovery targets', () => {
  it('met: quality and time within the goal, measured values quoted', () => {
    const [c] = recoveryTargets([row({})]);
    expect(c.status).toBe('met');
    expect(c.measured).toBe('44.54% → 95.28% (fp32 95.64%, n 1949) in 24.9 s (6.6 s CPU); load average 10.6→11.4');
  });

  it('not met on quality names the compression; on time names the CPU time and load', () => {
    const [q] = recoveryTargets([row({ qualityAfter: 0.1062 })]);
    expect(q.status).toBe('not met');
    expect(q.reason).toMatch(/after 500 steps; the compression it recovers from: dense2: rank 1 of 50/);
    const [t] = recoveryTargets([row({ seconds: 130 })]);
    expect(t.status).toBe('not met');
    expect(t.reason).toMatch(/took 130.0 s wall for 6.6 s of CPU/);
  });

  it('CER goals count downwards; rows without a target or with an error are not silently met', () => {
    const cer = row({ metric: 'cer', qualityBefore: 0.4, qualityAfter: 0.08, target: { quality: 0.1 } });
    expect(recoveryTargets([cer])[0].status).toBe('met');
    expect(recoveryTargets([{ ...cer, qualityAfter: 0.12 }])[0].status).toBe('not met');
    expect(recoveryTargets([row({ target: undefined })])).toEqual([]);
    expect(recoveryTargets([row({ error: 'boom', qualityAfter: null })])[0]).toMatchObject({ status: 'not measured', reason: 'boom' });
    expect(recoveryMarkdown([row({})]).join('\n')).toContain('| langid-50 | prune-structured 50% + recover | 44.54% | **95.28%** | 95.64% | 1949 |');
  });

  it('lists each ensemble beside its members, in the targets and in RESULTS.md; CER rows say CER', () => {
    const ensemble: EnsembleEntry = {
      model: 'digits-cnn', members: ['a', 'b'], memberQualities: [0.97, 0.95], quality: 0.975, ci95: { low: 0.96, high: 0.98 }, fp32Quality: 0.984, agreement: 0.98, n: 1700, bytes: 150, fp32Bytes: 200,
    };
    expect(recoveryTargets([], [ensemble])[0]).toMatchObject({ status: 'met', measured: '97.50% vs members 97.00% / 95.00% (n = 1700)' });
    const ocr = row({ model: 'ocr-rec-ppocrv4', recipe: 'prune-structured 25% + refit', metric: 'cer', qualityBefore: 1.2, qualityAfter: 0.08, fp32Quality: 0.02, n: 236 });
    const md = recoveryMarkdown([ocr], [ensemble]).join('\n');
    expect(md).toContain('| ocr-rec-ppocrv4 | prune-structured 25% + refit | CER 120.00% | **CER 8.00%** | CER 2.00% | 236 |');
    expect(md).toContain('| digits-cnn | a + b | 97.00% / 95.00% | **97.50%** (96.00%–98.00%) | 98.40% | 98.00% | 0.75× | 1700 |');
    expect(recoveryMarkdown([], [])).toEqual([]);
  });
});
