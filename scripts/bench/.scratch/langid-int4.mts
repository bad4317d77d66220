import { readFileSync } from 'node:fs';
import { DataType, decodeModel, encodeModel, makeTensor, tensorShape } from '../../../src/engine/onnx';
import { readWeights } from '../../../src/engine/transforms/quant/read';
import { quantizeInt4Blocks } from '../../../src/engine/transforms/int4/pack';
import { evaluate } from '../../../src/models/evaluate';
import { langidAdapter } from '../../../src/models/langid/adapter';
import { createRunner } from '../../../src/runtime/ort';
import { applyTechnique } from '../../../tests/unit/transforms/helpers/quant-apply';
const bytes = new Uint8Array(readFileSync('models/langid/model.onnx'));
const samples = langidAdapter.parseEvalSet(new Uint8Array(readFileSync('models/langid/eval.json')));
const runner = createRunner({ backend: 'wasm', threads: 1 });
async function acc(b: Uint8Array) { const m = await runner.open(b); const r = await evaluate(langidAdapter, m, samples); await m.close(); return r.value; }
for (const [bs, sym] of [[128, true], [32, false], [32, true], [128, false]] as const) {
  const model = decodeModel(bytes);
  for (const t of model.graph!.initializer) {
    if (!t.name.endsWith('weight')) continue;
    const [n, k] = tensorShape(t);
    const w = readWeights(t);
    const r = quantizeInt4Blocks(w, n, k, bs, sym);
    const kb = r.kBlocks, dq = new Float32Array(n * k);
    for (let c = 0; c < n; c++) for (let i = 0; i < k; i++) {
      const b = Math.floor(i / bs), j = i % bs; const byte = r.packed[(c * kb + b) * bs / 2 + (j >> 1)]; const q = j & 1 ? byte >> 4 : byte & 15;
      const zb = r.zeroPoints ? r.zeroPoints[c * Math.ceil(kb / 2) + (b >> 1)] : 0; const z = r.zeroPoints ? (b & 1 ? zb >> 4 : zb & 15) : 8;
      dq[c * k + i] = (q - z) * r.scales[c * kb + b];
    }
    const idx = model.graph!.initializer.indexOf(t);
    model.graph!.initializer[idx] = makeTensor(t.name, DataType.FLOAT, [n, k], dq);
  }
  const sim = await acc(new Uint8Array(encodeModel(model)));
  const real = await acc((await applyTechnique('int4', bytes, { blockSize: bs, mode: sym ? 'symmetric' : 'asymmetric' })).bytes);
  console.log(bs, sym ? 'sym' : 'asym', 'float simulation', sim.toFixed(4), 'MatMulNBits', real.toFixed(4));
}
