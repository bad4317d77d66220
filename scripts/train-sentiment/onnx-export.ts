// ONNX export (IR 8, opset 17, standard ops only) of the encoder, and reading its weights back.
// Every projection is MatMul(x, W[in,out]) + b with W a constant initializer: those MatMuls are what the
// playground's int8/int4 weight quantization rewrites. Padding is handled the usual BERT way: an additive
// key mask (0 or -10000) before Softmax, and masked mean pooling; -10000 (not -inf) survives an fp16 cast.
import {
  create, DataType, decodeModel, encodeModel, makeNode, makeTensor, readFloat32, type NodeProto, type TensorProto,
} from '../../src/engine/onnx';
import type { Vec } from '../../src/engine/train/kernels/vec';
import { type Arch, type Params, paramShapes, sizeOfShape, zeroParams } from './params';

export const PRODUCER_NAME = 'modellab-train-sentiment';
export const MASK_BIAS = -10000;

function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return create.valueInfo({ name, type: { tensorType: { elemType, shape: { dim } } } });
}

export interface ExportInfo {
  docString: string;
  metadata: Record<string, string>;
}

export function exportOnnx(arch: Arch, params: Params, info: ExportInfo): Uint8Array {
  const { dModel: d, heads } = arch;
  const dh = d / heads;
  const nodes: NodeProto[] = [];
  /** Adds a node and returns its (single) output name. */
  const op = (opType: string, inputs: string[], name: string, attributes?: Record<string, number | number[]>): string => {
    const out = `${name}_out`;
    nodes.push(makeNode({ opType, inputs, outputs: [out], name, attributes }));
    return out;
  };
  const consts: TensorProto[] = [
    makeTensor('const.zero_i64', DataType.INT64, [], [0]),
    makeTensor('const.start0', DataType.INT64, [1], [0]),
    makeTensor('const.axes0', DataType.INT64, [1], [0]),
    makeTensor('const.axes1', DataType.INT64, [1], [1]),
    makeTensor('const.axes2', DataType.INT64, [1], [2]),
    makeTensor('const.axes12', DataType.INT64, [2], [1, 2]),
    makeTensor('const.split_heads', DataType.INT64, [4], [0, 0, heads, dh]),
    makeTensor('const.merge_heads', DataType.INT64, [3], [0, 0, d]),
    makeTensor('const.mask_bias', DataType.FLOAT, [], [MASK_BIAS]),
    makeTensor('const.zero_f', DataType.FLOAT, [], [0]),
    makeTensor('const.one_f', DataType.FLOAT, [], [1]),
    makeTensor('const.half_f', DataType.FLOAT, [], [0.5]),
    makeTensor('const.inv_sqrt2', DataType.FLOAT, [], [Math.SQRT1_2]),
    makeTensor('const.attn_scale', DataType.FLOAT, [], [1 / Math.sqrt(dh)]),
  ];
  const linear = (x: string, name: string) => op('Add', [op('MatMul', [x, `${name}.weight`], `${name}.matmul`), `${name}.bias`], `${name}.add`);
  // epsilon left at the opset-17 default 1e-5, which is the trainer's LN_EPS.
  const norm = (x: string, name: string) =>
    op('LayerNormalization', [x, `${name}.scale`, `${name}.bias`], name, { axis: -1 });

  // Embeddings: token rows + the first L rows of the position table.
  const tok = op('Gather', ['tok_emb', 'input_ids'], 'embed.tokens', { axis: 0 });
  const len = op('Shape', ['input_ids'], 'embed.seq_len', { start: 1, end: 2 });
  const pos = op('Slice', ['pos_emb', 'const.start0', len, 'const.axes0'], 'embed.positions');
  let x = op('Add', [tok, pos], 'embed.sum');
  // [N,1,1,L] additive mask over keys.
  const isPad = op('Equal', ['attention_mask', 'const.zero_i64'], 'mask.is_pad');
  const bias = op('Where', [isPad, 'const.mask_bias', 'const.zero_f'], 'mask.bias');
  const bias4 = op('Unsqueeze', [bias, 'const.axes12'], 'mask.bias4');

  for (let l = 0; l < arch.layers; l++) {
    const p = `layer${l}`;
    const a1 = norm(x, `${p}.ln1`);
    const heads4 = (m: string, perm: number[]) =>
      op('Transpose', [op('Reshape', [linear(a1, `${p}.attn.${m}`), 'const.split_heads'], `${p}.attn.${m}.split`)], `${p}.attn.${m}.heads`, { perm });
    const q = heads4('q', [0, 2, 1, 3]); // [N,H,L,dh]
    const kT = heads4('k', [0, 2, 3, 1]); // [N,H,dh,L]
    const v = heads4('v', [0, 2, 1, 3]);
    const scores = op('Mul', [op('MatMul', [q, kT], `${p}.attn.scores`), 'const.attn_scale'], `${p}.attn.scaled`);
    const probs = op('Softmax', [op('Add', [scores, bias4], `${p}.attn.masked`)], `${p}.attn.softmax`, { axis: -1 });
    const ctx = op('MatMul', [probs, v], `${p}.attn.context`);
    const merged = op('Reshape', [op('Transpose', [ctx], `${p}.attn.unheads`, { perm: [0, 2, 1, 3] }), 'const.merge_heads'], `${p}.attn.merge`);
    const x1 = op('Add', [x, linear(merged, `${p}.attn.o`)], `${p}.residual1`);
    const h = linear(norm(x1, `${p}.ln2`), `${p}.ffn.up`);
    // GELU(h) = 0.5 h (1 + erf(h / sqrt 2))
    const erf = op('Erf', [op('Mul', [h, 'const.inv_sqrt2'], `${p}.gelu.scale`)], `${p}.gelu.erf`);
    const g = op('Mul', [op('Mul', [h, 'const.half_f'], `${p}.gelu.half`), op('Add', [erf, 'const.one_f'], `${p}.gelu.plus1`)], `${p}.gelu`);
    x = op('Add', [x1, linear(g, `${p}.ffn.down`)], `${p}.residual2`);
  }
  const xf = norm(x, 'final_ln');
  // Masked mean over the sentence's tokens.
  const m = op('Cast', ['attention_mask'], 'pool.mask', { to: DataType.FLOAT });
  const masked = op('Mul', [xf, op('Unsqueeze', [m, 'const.axes2'], 'pool.mask3')], 'pool.masked');
  const sum = op('ReduceSum', [masked, 'const.axes1'], 'pool.sum', { keepdims: 0 });
  const count = op('ReduceSum', [m, 'const.axes1'], 'pool.count', { keepdims: 1 });
  const pooled = op('Div', [sum, count], 'pool.mean');
  nodes.push(makeNode({ opType: 'Add', inputs: [op('MatMul', [pooled, 'head.weight'], 'head.matmul'), 'head.bias'], outputs: ['logits'], name: 'head.add' }));

  const weights = paramShapes(arch).map(([name, dims]) => makeTensor(name, DataType.FLOAT, dims, Float32Array.from(params[name])));
  const graph = create.graph({
    name: 'sentiment_transformer',
    node: nodes,
    initializer: [...weights, ...consts],
    input: [valueInfo('input_ids', DataType.INT64, ['N', 'L']), valueInfo('attention_mask', DataType.INT64, ['N', 'L'])],
    output: [valueInfo('logits', DataType.FLOAT, ['N', arch.classes])],
  });
  const model = create.model({
    irVersion: 8, opsetImport: [create.opset({ domain: '', version: 17 })], producerName: PRODUCER_NAME, producerVersion: '1',
    docString: info.docString, graph,
    metadataProps: Object.entries(info.metadata).map(([key, value]) => ({ key, value })),
  });
  return encodeModel(model);
}

/** The weights of an exported model, checked against `arch` (for re-evaluation without retraining). */
export function paramsFromOnnx(bytes: Uint8Array, arch: Arch): Params {
  const graph = decodeModel(bytes).graph!;
  const byName = new Map(graph.initializer.map((t) => [t.name, t]));
  const params = zeroParams(arch);
  for (const [name, dims] of paramShapes(arch)) {
    const t = byName.get(name);
    if (!t) throw new Error(`model.onnx has no initializer ${name}`);
    if (t.dims.join(',') !== dims.join(',')) throw new Error(`${name}: dims ${t.dims} in the file, ${dims} expected`);
    const data: Vec = readFloat32(t);
    if (data.length !== sizeOfShape(dims)) throw new Error(`${name}: ${data.length} values`);
    params[name].set(data);
  }
  return params;
}
