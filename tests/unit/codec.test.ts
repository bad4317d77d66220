import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { decodeModel, encodeModel, sniffOnnx, OnnxFormatError } from '../../src/engine/onnx';
import { REPO_ROOT } from './fixtures/site-fetch';
import { tinyModelBytes } from './fixtures/tiny-model';
import { committedOnnxFiles } from './transforms/helpers/real-models';

ort.env.wasm.numThreads = 1;

const modelFiles = committedOnnxFiles().map((f) => relative(REPO_ROOT, f));

describe('ONNX codec', () => {
  it('finds the committed models', () => {
    expect(modelFiles.length).toBeGreaterThan(0);
  });

  for (const file of modelFiles) {
    it(`round-trips ${file} byte for byte and the result still loads in ORT`, async () => {
      const bytes = new Uint8Array(readFileSync(file));
      const again = encodeModel(decodeModel(bytes));
      expect(again.length).toBe(bytes.length);
      expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
      const session = await ort.InferenceSession.create(again);
      expect(session.inputNames.length).toBeGreaterThan(0);
      await session.release();
    });
  }

  it('round-trips a hand-built model byte for byte', () => {
    const bytes = tinyModelBytes();
    expect(Buffer.from(encodeModel(decodeModel(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });

  it('names common non-ONNX files instead of failing obscurely', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(20).fill(0)]);
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(20).fill(0)]);
    const json = new TextEncoder().encode('{"model": "not really an onnx file"}');
    const tflite = Uint8Array.from([0x1c, 0, 0, 0, 0x54, 0x46, 0x4c, 0x33, ...new Array(20).fill(0)]);
    expect(() => sniffOnnx(png)).toThrow(/PNG image/);
    expect(() => sniffOnnx(zip)).toThrow(/ZIP archive.*export it to ONNX/);
    expect(() => sniffOnnx(json)).toThrow(/text\/JSON\/HTML/);
    expect(() => sniffOnnx(tflite)).toThrow(/TensorFlow Lite/);
    expect(() => sniffOnnx(new Uint8Array(3))).toThrow(/too short/);
    expect(() => sniffOnnx(Uint8Array.from([0x07, ...new Array(20).fill(1)]))).toThrow(/does not start like an ONNX model/);
  });

  it('reports truncated and corrupted models as damaged, with OnnxFormatError', () => {
    const bytes = tinyModelBytes();
    for (const cut of [20, bytes.length >> 1, bytes.length - 3]) {
      expect(() => decodeModel(bytes.subarray(0, cut))).toThrow(OnnxFormatError);
    }
    try {
      decodeModel(bytes.subarray(0, bytes.length >> 1));
    } catch (e) {
      expect((e as Error).message).toMatch(/damaged or truncated|no graph/);
    }
  });
});
