// The staged (photo OCR) lab service through the one latency method and the chunked evaluation API: the latency
// says what it timed (eval photo 1, its H×W×4 shape), warms fp32 up first once per worker, times n runs of the whole
// chain with each stage's share; evaluateChunk gives the whole (limited) photo evaluation in one chunk with its n,
// the same figures evaluate() gives.
import { beforeAll, describe, expect, it } from 'vitest';
import { EvalProgress } from '../../../src/models/progressive';
import { PHOTO_OCR_ID } from '../../../src/models/photo-ocr/entry';
import { isPhotoOcrEval } from '../../../src/models/photo-ocr/evaluate';
import { LabRouter } from '../../../src/workers/lab-router';
import { stubSiteFetch } from '../fixtures/site-fetch';

beforeAll(() => stubSiteFetch());

describe('staged lab service (photo OCR)', () => {
  it('latency: warm-up until settled, n timed runs of the chain on a stated photo, stage shares; chunk = the whole limited set', async () => {
    const lab = new LabRouter();
    await lab.open({ kind: 'builtin', id: PHOTO_OCR_ID });
    await lab.load({ backend: 'wasm', threads: 1 });
    const first = await lab.latency({ runs: 3 });
    expect(first).toMatchObject({ n: 3, input: { source: 'eval-set', index: 1 }, inputs: { source: 'eval-set', n: 1 }, backend: 'wasm' });
    expect(first.input.dims[0]).toHaveLength(3);
    expect(first.input.dims[0][2]).toBe(4);
    expect(first.baseline!.runs).toBeGreaterThanOrEqual(3); // fp32 warmed up first, the first time in this worker
    expect(first.settle.runs).toBeGreaterThanOrEqual(3);
    const stages = (first as typeof first & { stages: Record<string, { n: number; medianMs: number }> }).stages;
    expect(Object.keys(stages).sort()).toEqual(['cls', 'det', 'rec']);
    for (const s of Object.values(stages)) expect(s.n).toBe(3);
    expect(stages.det.medianMs + stages.rec.medianMs).toBeLessThanOrEqual(first.medianMs * 1.01 + 1);
    expect((await lab.latency({ runs: 1 })).baseline).toBeUndefined(); // once per worker

    const progress = new EvalProgress(1);
    const result = progress.add(await lab.evaluateChunk(progress.request()));
    expect(progress.done).toBe(true);
    expect(isPhotoOcrEval(result)).toBe(true);
    expect(result).toMatchObject({ metric: 'cer', n: 1, inputs: { source: 'eval-set', n: 1 } });
    const whole = await lab.evaluate({ limit: 1 });
    expect({ ...result, ms: 0 }).toEqual({ ...whole, ms: 0 });
  }, 60_000);
});
