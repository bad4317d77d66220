// The node patterns of dynamic quantization, as onnxruntime.quantization.quantize_dynamic writes them (so ORT's
// fusions into MatMulIntegerToFloat / DynamicQuantizeMatMul apply):
//   MatMul:  x -> DynamicQuantizeLinear -> MatMulInteger(x_q, W_q, x_zp) -> Cast(float) -> Mul(x_scale * W_scale)
//   Conv:    x -> DynamicQuantizeLinear -> ConvInteger(x_q, W_q, x_zp, W_zp) -> Cast(float) -> Mul(scale) -> Add(bias)
// Gemm becomes the MatMul pattern (transB folded into the stored weight, alpha into the scale) plus Add(beta*C).
import { readFloat32,
  DataType, attrFloat, getAttribute, insertBefore, makeNode, makeTensor, replaceNode, setInitializer,
  tensorShape, type GraphProto, type NodeProto, type TensorProto,
} from '../../onnx';
import type { WeightLayer } from '../quant/candidates';
import { quantizeSymmetric, relativeRmse, worstChannelError } from '../quant/math';
import type { WeightErrors } from '../quant/report';
import { transpose2d } from '../quant/weights';
import { text, type Text } from '../../i18n-text';

type Namer = (base: string) => string;

interface Quantized { q: string; scale: string; zp: string }

export interface RewriteEnv {
  graph: GraphProto;
  name: Namer;
  constants: ReadonlyMap<string, TensorProto>;
  /** One DynamicQuantizeLinear per activation tensor, shared by all its quantized readers. */
  dql: Map<string, Quantized>;
  perChannel: boolean;
}

/** "per-channel int8 (16 channels), ConvInteger" */
function int8Detail(perChannel: boolean, channels: number, op: string): Text {
  return perChannel ? text(`per-channel int8 (${channels} channels), ${op}`, `逐通道 int8（${channels} 个通道），${op}`) : text(`per-tensor int8, ${op}`, `逐张量 int8，${op}`);
}

export interface RewriteResult {
  tensors: TensorProto[];
  errors: WeightErrors;
  detail: Text;
  /** Constants the rewritten nodes no longer read (removed afterwards if nothing else does). */
  replaced: string[];
}

function quantizeInput(env: RewriteEnv, input: string, before: NodeProto): Quantized {
  const hit = env.dql.get(input);
  if (hit) return hit;
  const made = { q: env.name(`${input}_quantized`), scale: env.name(`${input}_scale`), zp: env.name(`${input}_zero_point`) };
  insertBefore(env.graph, before, [
    makeNode({ opType: 'DynamicQuantizeLinear', inputs: [input], outputs: [made.q, made.scale, made.zp], name: env.name(`${input}_DynamicQuantizeLinear`) }),
  ]);
  env.dql.set(input, made);
  return made;
}

function addTensor(env: RewriteEnv, t: TensorProto): TensorProto {
  setInitializer(env.graph, t);
  return t;
}

/** Reads a Gemm's C (times beta) as a constant; null when C is computed and beta is not 1 (not handled). */
function gemmBias(env: RewriteEnv, node: NodeProto, base: string): string | null | undefined {
  const c = node.input[2];
  if (!c) return undefined;
  const beta = attrFloat(node, 'beta', 1);
  if (beta === 1) return c;
  const t = env.constants.get(c);
  if (!t) return null;
  const v = readFloat32(t).map((x) => x * beta);
  return addTensor(env, makeTensor(env.name(`${base}_C_scaled`), DataType.FLOAT, tensorShape(t), v)).name;
}

export function rewriteMatMul(env: RewriteEnv, layer: WeightLayer): RewriteResult | Text {
  const { node } = layer;
  const base = node.name || node.output[0];
  const bias = layer.op === 'Gemm' ? gemmBias(env, node, base) : undefined;
  if (bias === null) return text('Gemm with a computed C and beta ≠ 1 is not handled', '不处理 C 在运行时计算且 beta ≠ 1 的 Gemm');
  const raw = readFloat32(layer.weight);
  const values = layer.transB ? transpose2d(raw, layer.dims[0], layer.dims[1]) : raw;
  const [k, n] = layer.transB ? [layer.dims[1], layer.dims[0]] : layer.dims;
  const r = quantizeSymmetric(values, [k, n], 1, env.perChannel);
  const alpha = layer.op === 'Gemm' ? attrFloat(node, 'alpha', 1) : 1;
  const scales = alpha === 1 ? r.scales : r.scales.map((s) => s * alpha);
  const wq = addTensor(env, makeTensor(env.name(`${layer.weightName}_quantized`), DataType.INT8, [k, n], r.q));
  const ws = addTensor(env, makeTensor(env.name(`${layer.weightName}_scale`), DataType.FLOAT, env.perChannel ? [n] : [], scales));
  const x = quantizeInput(env, node.input[0], node);
  const [mm, cast, scale, prod] = ['MatMulInteger', 'cast', 'scale', 'out'].map((s) => env.name(`${base}_${s}`));
  const out = node.output[0];
  const nodes = [
    makeNode({ opType: 'MatMulInteger', inputs: [x.q, wq.name, x.zp], outputs: [mm], name: env.name(`${base}_MatMulInteger`) }),
    makeNode({ opType: 'Cast', inputs: [mm], outputs: [cast], name: env.name(`${base}_Cast`), attributes: { to: DataType.FLOAT } }),
    makeNode({ opType: 'Mul', inputs: [x.scale, ws.name], outputs: [scale], name: env.name(`${base}_scale_Mul`) }),
    makeNode({ opType: 'Mul', inputs: [cast, scale], outputs: [bias ? prod : out], name: env.name(`${base}_output_Mul`) }),
  ];
  if (bias) nodes.push(makeNode({ opType: 'Add', inputs: [prod, bias], outputs: [out], name: env.name(`${base}_bias_Add`) }));
  replaceNode(env.graph, node, nodes);
  const replaced = bias && bias !== node.input[2] ? [layer.weightName, node.input[2]] : [layer.weightName];
  return { tensors: [wq, ws], errors: { weightError: relativeRmse(r.sqErr, r.sqRef), worstChannelError: worstChannelError(r) }, detail: int8Detail(env.perChannel, n, 'MatMulInteger'), replaced };
}

export function rewriteConv(env: RewriteEnv, layer: WeightLayer): RewriteResult | Text {
  const { node, dims } = layer;
  const base = node.name || node.output[0];
  const biasName = node.input[2];
  const biasTensor = biasName ? env.constants.get(biasName) : undefined;
  if (biasName && !biasTensor) return text('the Conv bias is computed at run time', 'Conv 的偏置在运行时计算');
  // ORT's CPU ConvInteger takes uint8 weights only: symmetric int8 values stored with zero point 128.
  const r = quantizeSymmetric(readFloat32(layer.weight), dims, 0, env.perChannel, 127, true);
  const o = dims[0];
  const bcast = [o, ...dims.slice(2).map(() => 1)]; // [O,1,1] broadcasts over [N,O,H,W]
  const wq = addTensor(env, makeTensor(env.name(`${layer.weightName}_quantized`), DataType.UINT8, dims, r.q));
  const wzp = addTensor(env, makeTensor(env.name(`${layer.weightName}_zero_point`), DataType.UINT8, [], [128]));
  const ws = addTensor(env, makeTensor(env.name(`${layer.weightName}_scale`), DataType.FLOAT, env.perChannel ? bcast : [], r.scales));
  const tensors = [wq, wzp, ws];
  const x = quantizeInput(env, node.input[0], node);
  const [ci, cast, scale, prod] = ['ConvInteger', 'cast', 'scale', 'out'].map((s) => env.name(`${base}_${s}`));
  const out = node.output[0];
  const conv = makeNode({ opType: 'ConvInteger', inputs: [x.q, wq.name, x.zp, wzp.name], outputs: [ci], name: env.name(`${base}_ConvInteger`) });
  for (const a of ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides']) {
    const attr = getAttribute(node, a);
    if (attr) conv.attribute.push(attr);
  }
  const nodes = [
    conv,
    makeNode({ opType: 'Cast', inputs: [ci], outputs: [cast], name: env.name(`${base}_Cast`), attributes: { to: DataType.FLOAT } }),
    makeNode({ opType: 'Mul', inputs: [x.scale, ws.name], outputs: [scale], name: env.name(`${base}_scale_Mul`) }),
    makeNode({ opType: 'Mul', inputs: [cast, scale], outputs: [biasTensor ? prod : out], name: env.name(`${base}_output_Mul`) }),
  ];
  if (biasTensor) {
    const b = addTensor(env, makeTensor(env.name(`${biasName}_reshaped`), DataType.FLOAT, bcast, readFloat32(biasTensor)));
    nodes.push(makeNode({ opType: 'Add', inputs: [prod, b.name], outputs: [out], name: env.name(`${base}_bias_Add`) }));
  }
  replaceNode(env.graph, node, nodes);
  return { tensors, errors: { weightError: relativeRmse(r.sqErr, r.sqRef), worstChannelError: worstChannelError(r) }, detail: int8Detail(env.perChannel, o, 'ConvInteger'), replaced: [layer.weightName, ...(biasName ? [biasName] : [])] };
}
