// Structurally broken models: each edit decodes a good model, breaks one thing the protobuf layer cannot see
// (absurd dims, sizes that disagree with the data, external data, wrong types, unknown ops, cycles, dangling or
// duplicate names, bad attributes, opsets, inputs/outputs) and encodes it again.
import { AttributeType, DataType, create, decodeModel, encodeModel, type GraphProto, type ModelProto, type TensorProto } from '../../../src/engine/onnx';
import type { BaseModel, Mutant, MutationKind } from './mutators';
import { int, pick, type Rand } from './random';

type Edit = (m: ModelProto, g: GraphProto, rand: Rand) => string;

const HUGE = [2 ** 40, 2 ** 31, 2 ** 32 + 3, 1e15];
const BAD_DIMS = [-1, -7, 0, ...HUGE];

const init = (g: GraphProto, rand: Rand): TensorProto => pick(rand, g.initializer);
const node = (g: GraphProto, rand: Rand) => pick(rand, g.node);
const tensorNames = (g: GraphProto) => [...g.input.map((v) => v.name), ...g.initializer.map((t) => t.name), ...g.node.flatMap((n) => n.output)];
const bytesOf = (rand: Rand, n: number) => Uint8Array.from({ length: n }, () => int(rand, 256));

const EDITS: Partial<Record<MutationKind, Edit[]>> = {
  'bad-dims': [
    (_m, g, r) => { const t = init(g, r); const i = int(r, t.dims.length || 1); t.dims[i] = pick(r, BAD_DIMS); return `${t.name}.dims[${i}] = ${t.dims[i]}`; },
    (_m, g, r) => { const t = init(g, r); t.dims = [0]; t.rawData = new Uint8Array(0); return `${t.name} is an empty [0] tensor`; },
    (_m, g, r) => { const t = init(g, r); t.dims = [...t.dims, pick(r, HUGE), pick(r, HUGE)]; return `${t.name}.dims += two huge dims`; },
    (_m, g, r) => { const d = g.input[0].type!.tensorType!.shape!.dim; const i = int(r, d.length); d[i] = { dimValue: pick(r, BAD_DIMS) }; return `input dim ${i} = ${d[i].dimValue}`; },
    (_m, g, r) => { const d = g.input[0].type!.tensorType!.shape!.dim; d.forEach((x) => (x.dimValue = 2 ** 20)); void r; return 'every input dim = 2^20'; },
    (_m, g, r) => { const d = g.output[0].type!.tensorType!.shape!.dim; const i = int(r, d.length); d[i] = { dimValue: pick(r, BAD_DIMS) }; return `output dim ${i} = ${d[i].dimValue}`; },
  ],
  'size-mismatch': [
    (_m, g, r) => { const t = init(g, r); const k = 1 + int(r, Math.max(1, t.rawData.length >> 1)); t.rawData = t.rawData.slice(0, Math.max(0, t.rawData.length - k)); return `${t.name}.raw_data cut by ${k} bytes`; },
    (_m, g, r) => { const t = init(g, r); const k = 1 + int(r, 64); t.rawData = Uint8Array.from([...t.rawData, ...bytesOf(r, k)]); return `${t.name}.raw_data grown by ${k} bytes`; },
    (_m, g, r) => { const t = init(g, r); t.dims = [pick(r, [1 << 20, 1 << 24, 2 ** 31]), 1 << 20]; return `${t.name} declares ${t.dims.join('x')} values, keeps its data`; },
    (_m, g, r) => { const t = init(g, r); t.rawData = new Uint8Array(0); return `${t.name} has dims but no data`; },
    (_m, g, r) => { const t = init(g, r); t.rawData = new Uint8Array(0); t.floatData = Array.from({ length: 1 + int(r, 5) }, () => r()); return `${t.name}.float_data has ${t.floatData.length} values`; },
  ],
  'external-data': [
    (_m, g, r) => {
      const t = init(g, r);
      const location = pick(r, ['weights.bin', 'model.onnx.data', '../../etc/passwd', '/dev/zero', 'C:\\data\\w.bin', '']);
      t.dataLocation = 1;
      t.externalData = [{ key: 'location', value: location }, { key: 'offset', value: String(int(r, 4096)) }, { key: 'length', value: String(t.rawData.length || 4096) }];
      t.rawData = new Uint8Array(0);
      return `${t.name} in external file "${location}"`;
    },
    (_m, g, r) => { const t = init(g, r); t.dataLocation = 1; return `${t.name} says external but keeps raw_data`; },
  ],
  'wrong-type': [
    (_m, g, r) => { const t = init(g, r); t.dataType = pick(r, [DataType.INT64, DataType.INT32, DataType.STRING, DataType.BOOL, DataType.UINT8, DataType.FLOAT16, DataType.DOUBLE, DataType.INT4, 0, 99, 17]); return `${t.name}.data_type = ${t.dataType}`; },
    (_m, g, r) => { const tt = g.input[0].type!.tensorType!; tt.elemType = pick(r, [DataType.STRING, DataType.INT64, DataType.BOOL, DataType.DOUBLE, 0, 99]); return `input elem_type = ${tt.elemType}`; },
    (_m, g, r) => { const t = init(g, r); t.dataType = DataType.STRING; t.stringData = [bytesOf(r, 8)]; t.rawData = new Uint8Array(0); return `${t.name} is a string tensor`; },
    // Same byte size, other type: passes the size checks and reaches the transforms and ORT's type checks.
    (_m, g, r) => { const t = init(g, r); t.dataType = pick(r, [DataType.INT32, DataType.UINT32]); return `${t.name} reinterpreted as ${t.dataType === DataType.INT32 ? 'int32' : 'uint32'}`; },
    (_m, g, r) => { const t = init(g, r); t.dataType = DataType.FLOAT16; t.dims = [...t.dims.slice(0, -1), (t.dims.at(-1) ?? 1) * 2]; return `${t.name} reinterpreted as float16 [${t.dims}]`; },
    (_m, g, r) => { const t = init(g, r); t.dataType = DataType.UINT8; t.dims = [t.rawData.length]; return `${t.name} reinterpreted as uint8 [${t.dims}]`; },
  ],
  'unknown-op': [
    (_m, g, r) => { const n = node(g, r); const was = n.opType; n.opType = pick(r, ['FooBar', 'Conv2D', 'relu', '', 'MatMulNBits', 'Attention', 'Dense']); return `${was} -> "${n.opType}"`; },
    (m, g, r) => { const n = node(g, r); n.domain = pick(r, ['com.example', 'com.microsoft', 'ai.onnx.ml']); if (r() < 0.5) m.opsetImport.push(create.opset({ domain: n.domain, version: 1 })); return `${n.opType} in domain ${n.domain}`; },
    (_m, g, r) => { const src = pick(r, tensorNames(g)); g.node.push(create.node({ opType: 'Frobnicate', input: [src], output: ['frob_out'], name: 'frob' })); return `dead Frobnicate reading ${src}`; },
  ],
  cycle: [
    (_m, g, r) => { const i = int(r, g.node.length); const j = i + int(r, g.node.length - i); g.node[i].input[0] = g.node[j].output[0]; return `node ${i} reads node ${j}'s output`; },
    (_m, g) => { const a = g.node[0]; const b = g.node[g.node.length - 1]; a.input[0] = b.output[0]; return `first node reads the last node's output`; },
  ],
  'missing-input': [
    (_m, g, r) => { const n = node(g, r); const i = int(r, n.input.length || 1); n.input[i] = 'ghost_tensor'; return `${n.name}.input[${i}] = ghost_tensor`; },
    (_m, g, r) => { const t = init(g, r); g.initializer = g.initializer.filter((x) => x !== t); return `initializer ${t.name} removed`; },
    (_m, g) => { const name = g.input[0].name; g.input = []; return `graph input ${name} undeclared`; },
    (_m, g) => { g.output[0].name = 'nowhere'; return 'graph output reads a tensor nobody writes'; },
    (_m, g) => { g.node = []; return 'every node removed'; },
  ],
  'duplicate-name': [
    (_m, g, r) => { const a = node(g, r); const b = node(g, r); b.output[0] = a.output[0]; return `${b.name} writes ${a.output[0]} too`; },
    (_m, g, r) => { const t = init(g, r); g.initializer.push(create.tensor({ ...t, rawData: t.rawData.slice(0, t.rawData.length >> 1) })); return `initializer ${t.name} twice`; },
    (_m, g, r) => { const n = node(g, r); n.output[0] = g.input[0].name; return `${n.name} overwrites the graph input`; },
    (_m, g) => { g.input.push(g.input[0]); g.output.push(g.output[0]); return 'graph input and output listed twice'; },
    (m) => { m.opsetImport.push(create.opset({ domain: '', version: 9 })); return 'two opsets for the default domain'; },
  ],
  // Valid wiring in an unusual layout: nodes out of order (ORT sorts them), a weight fed twice, weights as inputs.
  'node-order': [
    (_m, g) => { g.node.reverse(); return 'nodes in reverse order'; },
    (_m, g, r) => { for (let i = g.node.length - 1; i > 0; i--) { const j = int(r, i + 1); [g.node[i], g.node[j]] = [g.node[j], g.node[i]]; } return 'nodes shuffled'; },
    (_m, g, r) => { const t = init(g, r); g.input.push(create.valueInfo({ name: t.name, type: { tensorType: { elemType: t.dataType, shape: { dim: t.dims.map((d) => ({ dimValue: d })) } } } })); return `${t.name} also a graph input (overridable)`; },
    (_m, g, r) => { const n = g.node.find((x) => x.input.length > 1) ?? node(g, r); n.input = [n.input[0], ...n.input.slice(1).map(() => n.input[0])]; return `${n.name} reads its first input in every slot`; },
  ],
  'bad-attribute': [
    (_m, g, r) => {
      const n = node(g, r);
      const name = pick(r, ['kernel_shape', 'strides', 'pads', 'dilations', 'group', 'axis', 'transB', 'alpha']);
      const value = pick(r, [[0, 0], [-1, -1], [100000, 100000], [], [3], 0, -5, 99, NaN]);
      n.attribute = n.attribute.filter((a) => a.name !== name);
      n.attribute.push(Array.isArray(value) ? create.attribute({ name, type: AttributeType.INTS, ints: value }) : create.attribute({ name, type: Number.isNaN(value) ? AttributeType.FLOAT : AttributeType.INT, i: value, f: value }));
      return `${n.opType}.${name} = ${JSON.stringify(value)}`;
    },
    (_m, g, r) => { const n = g.node.find((x) => x.attribute.length) ?? node(g, r); for (const a of n.attribute) a.type = pick(r, [0, AttributeType.STRING, AttributeType.GRAPH, 42]); return `${n.opType} attributes retyped`; },
  ],
  'bad-opset': [
    (m, _g, r) => { m.opsetImport[0].version = pick(r, [0, 1, 5, 999, -1]); return `opset ${m.opsetImport[0].version}`; },
    (m, _g, r) => { m.irVersion = pick(r, [0, 1, 2, 99, -5]); return `ir_version ${m.irVersion}`; },
    (m) => { m.opsetImport = [create.opset({ domain: 'ai.onnx.ml', version: 3 })]; return 'only the ai.onnx.ml opset'; },
  ],
  'bad-io': [
    (_m, g) => { g.output = []; return 'no graph outputs'; },
    (_m, g) => { g.input[0].type = null; return 'input without a type'; },
    (_m, g) => { g.output[0].type = null; return 'output without a type'; },
    (_m, g) => { g.input[0].type!.tensorType!.shape = undefined; return 'input without a shape'; },
    (_m, g) => { g.node = []; g.output = [g.input[0]]; return 'empty graph (identity)'; },
  ],
};

/** About 35 mutants per structural kind; each edit of a kind gets its turn, on a random base model. */
export function structuralMutants(bases: BaseModel[], rand: Rand, perKind = 35): Mutant[] {
  const out: Mutant[] = [];
  for (const [kind, edits] of Object.entries(EDITS) as [MutationKind, Edit[]][]) {
    for (let i = 0; i < perKind; i++) {
      const base = bases[rand() < 0.5 ? 0 : 1 + int(rand, bases.length - 1)];
      const model = decodeModel(base.bytes);
      const label = edits[i % edits.length](model, model.graph!, rand);
      out.push({ kind, label: `${base.name}: ${label}`, bytes: new Uint8Array(encodeModel(model)) });
    }
  }
  const tiny = bases[0].bytes;
  out.push({ kind: 'duplicate-name', label: 'two models concatenated', bytes: Uint8Array.from([...tiny, ...tiny]) });
  return out;
}
