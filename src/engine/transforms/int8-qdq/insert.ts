// QDQ graph surgery: DequantizeLinear on int8 weights (and int32 Conv biases, as ORT writes them so its QDQ->
// QLinearConv fusion applies), and QuantizeLinear -> DequantizeLinear pairs on activations.
import { readFloat32, nonFinite, nonFiniteTotal,
  DataType, insertBefore, makeNode, makeTensor, setInitializer, type GraphProto, type NodeProto, type TensorProto,
} from '../../onnx';
import type { WeightLayer } from '../quant/candidates';
import { quantizeSymmetric, relativeRmse, rint, worstChannelError, type QParams } from '../quant/math';
import type { WeightErrors } from '../quant/report';

type Namer = (base: string) => string;

export interface QdqEnv {
  graph: GraphProto;
  name: Namer;
  perChannel: boolean;
  constants: ReadonlyMap<string, TensorProto>;
}

export interface WeightResult {
  tensors: TensorProto[];
  scales: Float32Array;
  errors: WeightErrors;
}

function add(env: QdqEnv, t: TensorProto): TensorProto {
  setInitializer(env.graph, t);
  return t;
}

/** Replaces the layer's weight input by DequantizeLinear(int8 weight). */
export function quantizeWeight(env: QdqEnv, layer: WeightLayer): WeightResult {
  const { node, dims, weightName } = layer;
  const axis = env.perChannel ? layer.channelAxis : null;
  const r = quantizeSymmetric(readFloat32(layer.weight), dims, layer.channelAxis, env.perChannel);
  const channels = axis === null ? [] : [dims[axis]];
  const q = add(env, makeTensor(env.name(`${weightName}_quantized`), DataType.INT8, dims, r.q));
  const s = add(env, makeTensor(env.name(`${weightName}_scale`), DataType.FLOAT, channels, r.scales));
  const zp = add(env, makeTensor(env.name(`${weightName}_zero_point`), DataType.INT8, channels, new Int8Array(r.scales.length)));
  const out = env.name(`${weightName}_DequantizeLinear`);
  insertBefore(env.graph, node, [
    makeNode({ opType: 'DequantizeLinear', inputs: [q.name, s.name, zp.name], outputs: [out], name: out, attributes: axis === null ? {} : { axis } }),
  ]);
  node.input[1] = out;
  return { tensors: [q, s, zp], scales: r.scales, errors: { weightError: relativeRmse(r.sqErr, r.sqRef), worstChannelError: worstChannelError(r) } };
}

/** Conv bias as int32 with scale input_scale * weight_scale[c] and zero point 0 (ORT's quantize_bias_static). */
export function quantizeConvBias(env: QdqEnv, node: NodeProto, inputScale: number, weightScales: Float32Array): boolean {
  const name = node.input[2];
  const bias = name ? env.constants.get(name) : undefined;
  if (!bias || bias.dataType !== DataType.FLOAT || nonFiniteTotal(nonFinite(bias))) return false; // NaN would round to 0
  const b = readFloat32(bias);
  const scales = new Float32Array(b.length);
  const q = new Int32Array(b.length);
  for (let c = 0; c < b.length; c++) {
    scales[c] = Math.fround(inputScale * weightScales[weightScales.length === 1 ? 0 : c]);
    q[c] = Math.max(-2147483648, Math.min(2147483647, rint(b[c] / scales[c])));
  }
  const perChannel = weightScales.length > 1;
  const qt = add(env, makeTensor(env.name(`${name}_quantized`), DataType.INT32, [b.length], q));
  const st = add(env, makeTensor(env.name(`${name}_scale`), DataType.FLOAT, perChannel ? [b.length] : [], perChannel ? scales : scales.subarray(0, 1)));
  const out = env.name(`${name}_DequantizeLinear`);
  insertBefore(env.graph, node, [
    makeNode({ opType: 'DequantizeLinear', inputs: [qt.name, st.name], outputs: [out], name: out, attributes: perChannel ? { axis: 0 } : {} }),
  ]);
  node.input[2] = out;
  return true;
}

/**
 * Inserts QuantizeLinear -> DequantizeLinear on `tensor` right after its producer (or first, for a graph input)
 * and makes every reader in the main graph read the dequantized value. Subgraphs keep reading the original.
 */
export function insertActivationQdq(env: QdqEnv, tensor: string, p: QParams): void {
  const { graph } = env;
  const zpType = p.signed ? DataType.INT8 : DataType.UINT8;
  const s = add(env, makeTensor(env.name(`${tensor}_scale`), DataType.FLOAT, [], [p.scale]));
  const zp = add(env, makeTensor(env.name(`${tensor}_zero_point`), zpType, [], [p.zeroPoint]));
  const [q, dq] = [env.name(`${tensor}_QuantizeLinear`), env.name(`${tensor}_DequantizeLinear`)];
  const qNode = makeNode({ opType: 'QuantizeLinear', inputs: [tensor, s.name, zp.name], outputs: [q], name: q });
  const dqNode = makeNode({ opType: 'DequantizeLinear', inputs: [q, s.name, zp.name], outputs: [dq], name: dq });
  for (const n of graph.node) {
    for (let i = 0; i < n.input.length; i++) if (n.input[i] === tensor) n.input[i] = dq;
  }
  const at = graph.node.findIndex((n) => n.output.includes(tensor));
  graph.node.splice(at + 1, 0, qNode, dqNode);
}
