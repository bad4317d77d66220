import { describe, expect, it } from 'vitest';
import { recoveryMarkdown, recoveryTargets } from '../../../scripts/bench/recovery-report';
import type { BenchResults, EnsembleEntry, RecoveryEntry } from '../../../scripts/bench/types';

const ocr = (after: number): RecoveryEntry => ({
  model: 'ocr-rec-ppocrv4', recipe: 'prune-structured 25% + refit', metric: 'cer', qualityBefore: 1.2, qualityAfter: after, fp32Quality: 0.02, seconds: 61, threads: 1, n: 236,
});
const ensemble: EnsembleEntry = {
  model: 'digits-cnn', members: ['a', 'b'], memberQualities: [0.97, 0.95], quality: 0.975, ci95: { low: 0.96, high: 0.98 }, fp32Quality: 0.984, agreement: 0.98, n: 1700, bytes: 150, fp32Bytes: 200,
};

describe('recovery bench report', () => {
  it('checks the PP-OCR refit CER goal from the measured entry and says how much of the gap it closed', () => {
    const [missed] = recoveryTargets([ocr(0.17)], []);
    expect(missed).toMatchObject({ id: 'ocr-refit-cer', status: 'not met', measured: 'CER 120.00% → 17.00% (fp32 2.00%) in 61 s' });
    expect(missed.reason).toContain('closes 87.29% of the gap to fp32');
    expect(recoveryTargets([ocr(0.08)], [])[0].status).toBe('met');
    expect(recoveryTargets([], [])[0].status).toBe('not measured');
  });

  it('lists each ensemble beside its members, in the targets and in RESULTS.md', () => {
    expect(recoveryTargets([ocr(0.08)], [ensemble])[1]).toMatchObject({ status: 'met', measured: '97.50% vs members 97.00% / 95.00% (n = 1700)' });
    const md = recoveryMarkdown({ recovery: [ocr(0.08)], ensembles: [ensemble] } as unknown as BenchResults).join('\n');
    expect(md).toContain('| ocr-rec-ppocrv4 | prune-structured 25% + refit | CER 120.00% | **CER 8.00%** | CER 2.00% | 236 | 61.0 (1) |');
    expect(md).toContain('| digits-cnn | a + b | 97.00% / 95.00% | **97.50%** (96.00%–98.00%) | 98.40% | 98.00% | 0.75× | 1700 |');
    expect(recoveryMarkdown({} as BenchResults)).toEqual([]);
  });
});
