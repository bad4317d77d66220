import { readFileSync } from 'node:fs';
import { decodeModel, tensorShape, dataTypeName, initializerMap } from '../../../src/engine/onnx';
const m = decodeModel(readFileSync(process.argv[2]));
const g = m.graph!;
console.log('ir', m.irVersion, 'opset', JSON.stringify(m.opsetImport), 'producer', m.producerName);
const ops = new Map<string, number>();
for (const n of g.node) ops.set(n.opType + (n.domain ? '@' + n.domain : ''), (ops.get(n.opType) ?? 0) + 1);
console.log([...ops].join(' '));
console.log('inputs', JSON.stringify(g.input.map(i => [i.name, i.type?.tensorType?.elemType, i.type?.tensorType?.shape?.dim]))); 
console.log('outputs', JSON.stringify(g.output.map(i => [i.name, i.type?.tensorType?.elemType, i.type?.tensorType?.shape?.dim])));
console.log('valueInfo', g.valueInfo.length, 'inits', g.initializer.length);
const inits = initializerMap(g);
let bytes = 0; const types = new Map<string, number>();
for (const t of g.initializer) { bytes += t.rawData.length || t.floatData.length*4; types.set(dataTypeName(t.dataType), (types.get(dataTypeName(t.dataType)) ?? 0) + 1); }
console.log('init bytes', bytes, [...types]);
for (const n of g.node) if (['MatMul','Gemm','Conv'].includes(n.opType)) console.log(n.opType, n.name, n.input.map(i => inits.has(i) ? `${i}${JSON.stringify(tensorShape(inits.get(i)!))}` : i).join(' '), n.attribute.map(a=>a.name).join(','));
