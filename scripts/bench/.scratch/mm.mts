import { readFileSync } from 'node:fs';
import { decodeModel, tensorShape } from '../../../src/engine/onnx';
import { constantSources } from '../../../src/engine/transforms/quant/graph-utils';
const m = decodeModel(new Uint8Array(readFileSync(process.argv[2])));
const src = constantSources(m.graph!);
let total = 0, mm = 0;
for (const [k, v] of src) if (v.tensor.dataType === 1) total += v.tensor.rawData.length || v.tensor.floatData.length * 4;
for (const n of m.graph!.node) if (n.opType === 'MatMul' || n.opType === 'Gemm') { const t = src.get(n.input[1])?.tensor; if (t) { mm += t.rawData.length; console.log(n.opType, n.name, tensorShape(t)); } }
console.log('float const bytes', total, 'matmul weight bytes', mm);
