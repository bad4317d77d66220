// BatchNormalization folding, the standard pre-pass before quantization: an inference-mode BatchNormalization
// right after a Conv or ConvTranspose (optionally with a per-channel bias Add between them, as paddle2onnx emits
// for ConvTranspose) is merged into that convolution: W' = W·s, b' = (b − mean)·s + beta, s = scale/√(var + ε).
// The outputs are unchanged up to float rounding, but the weights then carry the normalisation, so
//  - fp16 does not have to store a running variance of ~1e8 (PP-OCRv4 det), which float16 cannot hold, and
//  - int8 does not leave the BatchNormalization parameters (and an extra op) in float32.
// Every BatchNormalization gets a report row: folded into which convolution, or why not.
import { consumerMap, namesReadBySubgraphs, uniqueNamer, DataType, elementCount, attrFloat, attrInt, makeTensor, producerMap, readFloat32, tensorShape, type GraphProto, type ModelProto, type NodeProto } from '../../onnx';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { constantSources, removeUnusedConstants, type ConstantSource } from '../quant/graph-utils';
import { text } from '../quant/report';
import type { Text } from '../../i18n-text';
import type { LayerReport, TransformContext, TransformOutcome } from '../types';

const CONVS = new Set(['Conv', 'ConvTranspose']);
const isDefault = (n: NodeProto) => !n.domain || n.domain === 'ai.onnx';

interface Plan {
  bn: NodeProto;
  conv: NodeProto;
  add?: NodeProto;
  /** The Add's per-channel bias, when there is one. */
  addBias?: Float32Array;
}

/** Finds the convolution a BatchNormalization can fold into, or says why it cannot. */
function planFold(bn: NodeProto, graph: GraphProto, consts: Map<string, ConstantSource>, producers: Map<string, NodeProto>, consumers: Map<string, NodeProto[]>, outputs: Set<string>, exclude?: ReadonlySet<string>): Plan | Text {
  if (!isDefault(bn)) return text('not the standard operator', '不是标准算子');
  if (bn.output.slice(1).some(Boolean) || attrInt(bn, 'training_mode', 0)) return text('training mode (running statistics are outputs)', '训练模式（滑动统计量是输出）');
  if (bn.input.slice(1, 5).some((n) => consts.get(n)?.tensor.dataType !== DataType.FLOAT)) return text('scale, bias, mean or variance is not a float32 constant', 'scale、bias、mean 或 variance 不是 float32 常量');
  if (isExcluded(bn, exclude)) return EXCLUDED_DETAIL;
  const onlyReader = (name: string, reader: NodeProto) => !outputs.has(name) && consumers.get(name)?.length === 1 && consumers.get(name)![0] === reader;
  let prev = producers.get(bn.input[0]);
  let add: NodeProto | undefined, addBias: Float32Array | undefined;
  const channels = tensorShape(consts.get(bn.input[1])!.tensor).reduce((a, b) => a * b, 1);
  if (prev?.opType === 'Add' && isDefault(prev) && onlyReader(bn.input[0], bn)) {
    const biasIndex = prev.input.findIndex((n) => consts.has(n));
    const bias = biasIndex >= 0 ? consts.get(prev.input[biasIndex])!.tensor : undefined;
    const dims = bias ? tensorShape(bias) : [];
    const perChannel = bias?.dataType === DataType.FLOAT && dims.reduce((a, b) => a * b, 1) === channels && dims.filter((d) => d !== 1).length <= 1 && (dims.length === 1 || dims[dims.length - 3] === channels);
    if (!perChannel) return text('follows an Add that is not a per-channel bias', '跟在一个不是逐通道偏置的 Add 之后');
    add = prev;
    addBias = readFloat32(bias!);
    prev = producers.get(prev.input[1 - biasIndex]);
  }
  if (!prev || !CONVS.has(prev.opType) || !isDefault(prev)) return text(`does not follow a convolution (follows ${prev ? prev.opType : 'a graph input'})`, `前面不是卷积（前面是${prev ? ` ${prev.opType}` : '图输入'}）`);
  if (!onlyReader(prev.output[0], add ?? bn)) return text(`the output of ${prev.name || prev.output[0]} is also read elsewhere`, `${prev.name || prev.output[0]} 的输出还被其他地方读取`);
  if (isExcluded(prev, exclude)) return EXCLUDED_DETAIL;
  const w = consts.get(prev.input[1])?.tensor;
  if (w?.dataType !== DataType.FLOAT || (prev.input[2] && consts.get(prev.input[2])?.tensor.dataType !== DataType.FLOAT)) return text(`the weights of ${prev.name || prev.output[0]} are not float32 constants`, `${prev.name || prev.output[0]} 的权重不是 float32 常量`);
  const dims = tensorShape(w);
  const group = attrInt(prev, 'group', 1);
  const outChannels = prev.opType === 'Conv' ? dims[0] : dims[1] * group;
  if (outChannels !== channels) return text(`channel count differs (${outChannels} vs ${channels})`, `通道数不同（${outChannels} 对 ${channels}）`);
  return { bn, conv: prev, add, addBias };
}

/** Folds every foldable BatchNormalization of the main graph into its convolution; one report row per BatchNormalization. */
export function foldBatchNorms(model: ModelProto, ctx: Pick<TransformContext, 'exclude'> = {}): TransformOutcome {
  const graph = model.graph!;
  const bns = graph.node.filter((n) => n.opType === 'BatchNormalization');
  if (!bns.length) return { layers: [], warnings: [] };
  const consts = constantSources(graph);
  const producers = producerMap(graph);
  const consumers = consumerMap(graph);
  // Tensors an If/Loop body reads keep their names: the fold renames the convolution's output.
  const outputs = new Set([...graph.output.map((o) => o.name), ...namesReadBySubgraphs(graph)]);
  const name = uniqueNamer(graph);
  const layers: LayerReport[] = [];
  const removed = new Set<NodeProto>();
  const replaced: string[] = [];
  for (const bn of bns) {
    const plan = planFold(bn, graph, consts, producers, consumers, outputs, ctx.exclude);
    const label = bn.name || bn.output[0];
    const scaleTensor = consts.get(bn.input[1])?.tensor;
    const params = scaleTensor ? 4 * elementCount(tensorShape(scaleTensor)) : 0;
    if (!('bn' in plan)) {
      layers.push({ node: label, op: bn.opType, action: 'skipped', detail: plan === EXCLUDED_DETAIL ? plan : text(`not folded: ${plan.en}`, `未折叠：${plan.zh}`), paramsBefore: params, paramsAfter: params, bytesBefore: 4 * params, bytesAfter: 4 * params });
      continue;
    }
    const { conv, add, addBias } = plan;
    const [scale, beta, mean, variance] = bn.input.slice(1, 5).map((n) => readFloat32(consts.get(n)!.tensor));
    const eps = attrFloat(bn, 'epsilon', 1e-5);
    const s = Float64Array.from(scale, (g, c) => g / Math.sqrt(variance[c] + eps));
    const wTensor = consts.get(conv.input[1])!.tensor;
    const dims = tensorShape(wTensor);
    const w = readFloat32(wTensor);
    const folded = new Float32Array(w.length);
    const inner = dims.slice(2).reduce((a, b) => a * b, 1);
    const group = attrInt(conv, 'group', 1);
    for (let i = 0; i < w.length; i++) {
      // Conv: W[out, in/g, k...]; ConvTranspose: W[in, out/g, k...], output channel = group(in) · out/g + j.
      const out = conv.opType === 'Conv' ? Math.floor(i / (dims[1] * inner))
        : Math.floor(Math.floor(i / (dims[1] * inner)) / (dims[0] / group)) * dims[1] + (Math.floor(i / inner) % dims[1]);
      folded[i] = w[i] * s[out];
    }
    const oldBias = conv.input[2] ? readFloat32(consts.get(conv.input[2])!.tensor) : undefined;
    const bias = Float32Array.from(s, (sc, c) => ((oldBias?.[c] ?? 0) + (addBias?.[c] ?? 0) - mean[c]) * sc + beta[c]);
    const wName = name(`${conv.input[1]}_bnfold`), bName = name(`${conv.input[2] || `${conv.name || conv.output[0]}.bias`}_bnfold`);
    graph.initializer.push(makeTensor(wName, DataType.FLOAT, dims, folded), makeTensor(bName, DataType.FLOAT, [bias.length], bias));
    replaced.push(...conv.input.slice(1), ...bn.input.slice(1), ...(add ? add.input : []));
    const gone = [conv.output[0], ...(add ? [add.output[0]] : [])];
    conv.input = [conv.input[0], wName, bName];
    conv.output = [bn.output[0]];
    graph.valueInfo = graph.valueInfo.filter((v) => !gone.includes(v.name));
    removed.add(bn);
    if (add) removed.add(add);
    const maxVar = variance.reduce((m, v) => Math.max(m, v), 0);
    layers.push({
      node: label, op: bn.opType, action: 'changed', detail: text(
        `folded into ${conv.opType} ${conv.name || conv.output[0]}${add ? ' (through its bias Add)' : ''}; running variance up to ${maxVar.toPrecision(3)}`,
        `折叠进 ${conv.opType} ${conv.name || conv.output[0]}${add ? '（经由其偏置 Add）' : ''}；滑动方差最大 ${maxVar.toPrecision(3)}`,
      ),
      paramsBefore: params, paramsAfter: oldBias ? 0 : bias.length, bytesBefore: 4 * params, bytesAfter: oldBias ? 0 : 4 * bias.length,
    });
  }
  graph.node = graph.node.filter((n) => !removed.has(n));
  removeUnusedConstants(graph, replaced);
  const folded = layers.filter((l) => l.action === 'changed').length;
  const warnings = folded
    ? [text(`Folded ${folded} of ${bns.length} BatchNormalization layers into the convolution before each (a standard pre-pass before quantization: same outputs up to float rounding, no float32 normalisation left beside the quantized weights).`,
      `已将 ${bns.length} 个 BatchNormalization 层中的 ${folded} 个折叠进其前面的卷积（量化前的标准预处理：输出仅有浮点舍入误差，量化权重旁不再保留 float32 归一化）。`)]
    : [];
  return { layers, warnings };
}

/** Techniques that quantize weights: the pipeline folds BatchNormalization before them. */
export const FOLDS_BEFORE = new Set(['fp16', 'int8-dynamic', 'int8-qdq', 'int4']);

/** Merges the fold's rows and note into the step that follows it, so a step's report says everything done to the model. */
export function withFold(fold: TransformOutcome | undefined, outcome: TransformOutcome): TransformOutcome {
  if (!fold?.layers.some((l) => l.action === 'changed')) return outcome;
  // The fold changed the model even when the technique itself found nothing to do.
  return { ...outcome, layers: [...fold.layers, ...outcome.layers], warnings: [...fold.warnings, ...outcome.warnings], unchanged: false };
}
