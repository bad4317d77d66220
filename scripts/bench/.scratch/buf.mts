import { DataType, decodeModel, encodeModel, makeTensor, readFloat32 } from '../../../src/engine/onnx';
import { mlpModel } from '../../../tests/unit/transforms/helpers/quant-models';
const bytes = encodeModel(mlpModel());
console.log('encodeModel returns Buffer?', Buffer.isBuffer(bytes));
const m = decodeModel(bytes);
const t = m.graph!.initializer[0];
console.log('rawData is Buffer?', Buffer.isBuffer(t.rawData));
try { const f = readFloat32(t); console.log('readFloat32 length', f.length, 'expected', 64 * 32); } catch (e) { console.log('readFloat32 threw:', (e as Error).message); }
const m2 = decodeModel(new Uint8Array(bytes));
console.log('from Uint8Array copy:', readFloat32(m2.graph!.initializer[0]).length);
