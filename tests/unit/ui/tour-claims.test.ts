// The tour tells people what to look for; this checks those size claims on the real digits model, so a change
// in a technique cannot silently make the tour's text wrong. (Latency claims are left to the user's own
// measurement: timings here would be noise on a shared CI machine.)
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { LabService } from '../../../src/workers/lab-service';
import { TOUR_STEPS, stepSettings } from '../../../src/ui/tour/steps';
import type { SizeInfo } from '../../../src/engine/size';

beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string) => new Response(readFileSync(`.${new URL(url, 'http://x').pathname}`)));
});

const sizes = new Map<string, [SizeInfo, SizeInfo]>();
let fp32: SizeInfo;

describe('the guided tour’s size claims hold on the digits model', () => {
  beforeAll(async () => {
    const lab = new LabService();
    for (const step of TOUR_STEPS) {
      const out: SizeInfo[] = [];
      for (const pane of stepSettings(step)) {
        await lab.open({ kind: 'builtin', id: step.model });
        await lab.compress(pane.recipe);
        const report = await lab.sizes();
        fp32 = report.before;
        out.push(report.after);
      }
      sizes.set(step.id, out as [SizeInfo, SizeInfo]);
    }
  }, 60_000);

  it('baseline: both panes are the same model', () => {
    expect(sizes.get('baseline')).toEqual([fp32, fp32]);
  });

  it('fp16: about half the size', () => {
    const ratio = sizes.get('fp16')![1].raw / fp32.raw;
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.55);
  });

  it('int8 QDQ: about 4× smaller, per tensor and per channel alike', () => {
    for (const s of sizes.get('int8-granularity')!) expect(s.raw / fp32.raw).toBeLessThan(0.35);
  });

  it('pruning: unstructured changes only the gzip size; structured shrinks the file', () => {
    const [unstructured, structured] = sizes.get('pruning')!;
    expect(unstructured.raw).toBe(fp32.raw);
    expect(unstructured.gzip).toBeLessThan(fp32.gzip * 0.8);
    expect(structured.raw).toBeLessThan(fp32.raw * 0.5);
  });

  it('combined: smaller than int8 alone', () => {
    const combined = sizes.get('combine')![1];
    expect(combined.raw).toBeLessThan(sizes.get('int8-granularity')![1].raw);
  });
});
