// Where a quantized layer's bias lives after the quantization rewrites, so a per-channel shift can be added to
// it: a constant input of the Add that ends the pattern (int8 dynamic, int4), a Conv bias (float, or int32 behind
// DequantizeLinear in QDQ), a Gemm C (times beta), the Add that follows a bias-less MatMul (PyTorch Linear
// exports), or, failing all of these, a new Add right after the layer.
import { attrFloat, consumerMap, producerMap, tensorShape, type GraphProto, type NodeProto, type TensorProto } from '../../onnx';
import { constantSources } from '../quant/graph-utils';
import { text, type Text } from '../../i18n-text';

export type Slot =
  /** value' = value - shift / scale, at node.input[input]. */
  | { kind: 'constant'; node: NodeProto; input: number; scale: number; measure: string }
  /** The int32 bias q of DequantizeLinear(q, scale): q' = q - round(shift / scale). */
  | { kind: 'int32'; dq: NodeProto; measure: string }
  /** No bias anywhere: a new Add after `node`. */
  | { kind: 'insert'; node: NodeProto; measure: string }
  | { kind: 'none'; reason: Text };

export function findSlot(graph: GraphProto, output: string, channels: number): Slot {
  const sources = constantSources(graph);
  const producer = producerMap(graph).get(output);
  const consumers = consumerMap(graph);
  const perChannel = (name: string | undefined): TensorProto | undefined => {
    const t = name ? sources.get(name)?.tensor : undefined;
    if (!t) return undefined;
    const n = tensorShape(t).reduce((a, b) => a * b, 1);
    return n === channels || n === 1 ? t : undefined;
  };
  if (!producer) return { kind: 'none', reason: text('its output is not computed in this model', '此模型中不计算它的输出') };
  const op = producer.opType;
  if (op === 'Add') {
    const i = producer.input.findIndex((name) => perChannel(name));
    if (i >= 0 && producer.input.length === 2 && !sources.has(producer.input[1 - i])) return { kind: 'constant', node: producer, input: i, scale: 1, measure: output };
  }
  if ((op === 'Conv' || op === 'Gemm') && producer.input[2]) {
    const bias = producer.input[2];
    if (op === 'Gemm' && perChannel(bias)) return { kind: 'constant', node: producer, input: 2, scale: attrFloat(producer, 'beta', 1), measure: output };
    if (op === 'Conv' && perChannel(bias)) return { kind: 'constant', node: producer, input: 2, scale: 1, measure: output };
    const dq = producerMap(graph).get(bias);
    if (op === 'Conv' && dq?.opType === 'DequantizeLinear' && sources.has(dq.input[0]) && sources.has(dq.input[1])) return { kind: 'int32', dq, measure: output };
    return { kind: 'none', reason: text('its bias is computed at run time', '它的偏置在运行时计算') };
  }
  // A bias-less layer whose output (through a QuantizeLinear -> DequantizeLinear pair, in QDQ) feeds one Add of a constant.
  let t = output;
  const only = (name: string) => (consumers.get(name)?.length === 1 ? consumers.get(name)![0] : undefined);
  const q = only(t);
  if (q?.opType === 'QuantizeLinear') {
    const dq = only(q.output[0]);
    if (dq?.opType === 'DequantizeLinear') t = dq.output[0];
  }
  const add = only(t);
  if (add?.opType === 'Add' && add.input.length === 2) {
    const i = add.input.findIndex((name) => name !== t && perChannel(name));
    if (i >= 0) return { kind: 'constant', node: add, input: i, scale: 1, measure: add.output[0] };
  }
  if (q?.opType === 'QuantizeLinear') return { kind: 'none', reason: text('no bias, and an added one would sit between the layer and its QuantizeLinear (ORT could no longer fuse the int8 operator)', '没有偏置，而新加的偏置会位于该层与其 QuantizeLinear 之间（ORT 将无法融合 int8 算子）') };
  return { kind: 'insert', node: producer, measure: output };
}
