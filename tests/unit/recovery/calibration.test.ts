// Which samples calibrate a recipe: counts from the steps' metas, spread over a sorted eval set, and the pane
// worker passing them (with a note saying which they are) to training-free recovery steps.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { calibrationNeeds } from '../../../src/engine/transforms/calibration-needs';
import { calibrationIndices } from '../../../src/models/calibration-set';
import { LabService } from '../../../src/workers/lab-service';

beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string) => new Response(readFileSync(`.${new URL(url, 'http://x').pathname}`)));
});

describe('calibration samples for training-free recovery', () => {
  it('spreads n samples evenly over the set, every prefix spread too', () => {
    expect(calibrationIndices(10, 4)).toEqual([1, 6, 3, 8]);
    expect(calibrationIndices(3, 10)).toEqual([0, 2, 1]);
    const first16 = calibrationIndices(1949, 256).slice(0, 16);
    expect(Math.min(...first16)).toBeLessThan(130);
    expect(Math.max(...first16)).toBeGreaterThan(1800);
  });

  it('reads the count from each step: fixed for int8 QDQ, an option for the recovery steps', () => {
    expect(calibrationNeeds([])).toEqual({ samples: 0, byOption: false });
    expect(calibrationNeeds([{ transform: 'int8-qdq' }])).toEqual({ samples: 32, byOption: false });
    expect(calibrationNeeds([{ transform: 'prune-structured' }, { transform: 'refit', options: { samples: 64 } }, { transform: 'int8-qdq' }])).toEqual({ samples: 64, byOption: true });
  });

  it('gives a pane’s refit spread eval samples and says which (langid: its eval set is sorted by language)', async () => {
    const lab = new LabService();
    await lab.open({ kind: 'builtin', id: 'langid-50' });
    const report = await lab.compress([{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'refit', options: { samples: 128 } }]);
    expect(report.steps[1].warnings[0].en).toContain('128 calibration samples (taken evenly from the 1,949 eval samples; they are scored too)');
    expect(report.steps[1].warnings[0].zh).toContain('128 个校准样本（从 1,949 个评估样本中均匀选取；它们也参与评分）');
    expect(report.steps[1].layers.find((l) => l.node === 'dense2')).toMatchObject({ action: 'changed' });
  });
});
