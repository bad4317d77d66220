// int8 static quantization in QDQ format (ORT's default for CNNs): int8 weights behind DequantizeLinear, and
// QuantizeLinear/DequantizeLinear on the inputs and outputs of every quantized Conv/MatMul/Gemm, with activation
// ranges calibrated on sample inputs. Calibration runs the model from outside and can only observe tensors of the
// main graph, so layers inside If/Loop/Scan bodies get int8 weights (DequantizeLinear) with float activations,
// and the report says so.
import { DataType, uniqueNamer, type GraphProto, type GraphScope } from '../../onnx';
import { DONE, joinText, same, type Text } from '../../i18n-text';
import type { Transform, TransformContext, TransformOutcome } from '../types';
import { findWeightLayers, type WeightLayer } from '../quant/candidates';
import { inferElemTypes } from '../quant/elem-types';
import { onnxOpset, removeUnusedConstants, visibleConstants } from '../quant/graph-utils';
import { activationParams, type QParams } from '../quant/math';
import { raiseOpset } from '../quant/opset';
import { changedLayer, describeErrors, eachLayer, inGraphOrder, nodeOrder, opsetProblem, skippedLayer, text, worstChannelCaveat, type QuantLayerReport } from '../quant/report';
import { nameList } from '../findings';
import type { ModelProto } from '../../onnx';
import { calibrate, requireCalibration } from './calibrate';
import { insertActivationQdq, quantizeConvBias, quantizeWeight, type QdqEnv } from './insert';
import { meta, type Int8QdqOptions } from './meta';

async function apply(model: ModelProto, o: Int8QdqOptions, ctx: TransformContext): Promise<TransformOutcome> {
  const graph = model.graph!;
  const order = nodeOrder(graph);
  const found = findWeightLayers(graph, { ops: new Set(['MatMul', 'Gemm', 'Conv']), otherOpReason: (op) => text(`${op} is not covered by int8 QDQ quantization`, `int8 QDQ 量化不覆盖 ${op}`), exclude: ctx.exclude });
  const main = found.layers.filter((l) => !l.scope.parent);
  const samples = main.length ? requireCalibration(model, ctx) : []; // fail before touching the model
  const layers: QuantLayerReport[] = found.skipped.map((s) => skippedLayer(s.node, s.reason, s.weight, s.scope));
  const warnings: Text[] = [];
  if (!found.layers.length) {
    warnings.push(text('No Conv, MatMul or Gemm with a constant float32 weight: nothing to quantize.', '没有带常量 float32 权重的 Conv、MatMul 或 Gemm：无可量化的层。'));
    return { layers: inGraphOrder(layers, order), warnings, unchanged: true };
  }
  const perChannel = o.granularity === 'per-channel';
  const target = perChannel ? 13 : 10; // DequantizeLinear with `axis` needs 13
  const from = onnxOpset(model);
  const problem = raiseOpset(model, target);
  if (problem) {
    layers.push(...found.layers.map((l) => skippedLayer(l.node, opsetProblem(problem, target), l.weight, l.scope)));
    warnings.push(text(`Not quantized: ${problem}.`, `未量化：无法将模型升级到 opset ${target}（${problem}）。`));
    return { layers: inGraphOrder(layers, order), warnings, unchanged: true };
  }
  if (from < target) warnings.push(text(`The model was rewritten from opset ${from} to ${target} for the quantized operators.`, `为使用量化算子，模型已从 opset ${from} 改写为 ${target}。`));

  // Activations to quantize: inputs and outputs of the quantized main-graph nodes (as ORT does), except graph
  // outputs, which keep full precision for whoever reads the model's results.
  const types = inferElemTypes(graph);
  const outputs = new Set(graph.output.map((x) => x.name));
  const acts = [...new Set(main.flatMap((l) => [l.node.input[0], l.node.output[0]]))]
    .filter((t) => types.get(t) === DataType.FLOAT && !outputs.has(t));
  const ranges = acts.length ? await calibrate(model, acts, samples, ctx, o.calibration, o.percentile, 0, 0.6) : new Map();
  const params = new Map<string, QParams>(acts.map((t) => [t, activationParams(ranges.get(t)!.min, ranges.get(t)!.max, o.activations)]));

  const name = uniqueNamer(graph);
  const envs = new Map<GraphProto, QdqEnv>();
  const envFor = (scope: GraphScope): QdqEnv => {
    let env = envs.get(scope.graph);
    if (!env) envs.set(scope.graph, (env = { graph: scope.graph, name, perChannel, constants: new Map([...visibleConstants(scope)].map(([k, v]) => [k, v.tensor])) }));
    return env;
  };
  // A weight read by several nodes of one graph is quantized once; its DequantizeLinear output serves them all.
  const dequantized = new Map<GraphProto, Map<string, { out: string; scales: Float32Array }>>();
  const replaced: string[] = [];
  eachLayer(found.layers, ctx, (l) => same(`int8 QDQ: ${l.node.name || l.node.output[0]}`), (layer) => {
    const { node } = layer;
    const env = envFor(layer.scope);
    const done = dequantized.get(env.graph) ?? dequantized.set(env.graph, new Map()).get(env.graph)!;
    const shared = done.get(layer.weightName);
    const w = shared ? null : quantizeWeight(env, layer);
    if (shared) node.input[1] = shared.out;
    else done.set(layer.weightName, { out: node.input[1], scales: w!.scales });
    replaced.push(layer.weightName);
    const channels = layer.dims[layer.channelAxis];
    const granularity = perChannel ? text(`per-channel int8 (${channels} channels)`, `逐通道 int8（${channels} 个通道）`) : text('per-tensor int8', '逐张量 int8');
    const where = layer.scope.label;
    let act = text(`, weights only: activations inside ${where} stay float (calibration cannot observe them)`, `，仅权重：${where} 内的激活保持浮点（校准无法观测到它们）`);
    if (!layer.scope.parent) {
      const input = params.get(node.input[0]);
      const biasName = node.input[2];
      // int32 Conv bias with the input's calibrated scale, as ORT's QLinearConv fusion wants it.
      if (layer.op === 'Conv' && input && quantizeConvBias(env, node, input.scale, done.get(layer.weightName)!.scales)) replaced.push(biasName);
      const scale = input?.scale.toPrecision(3);
      act = input ? text(`, input ${o.activations} scale ${scale}`, `，输入 ${o.activations} 缩放 ${scale}`) : text(', input not quantized (type unknown)', '，输入未量化（类型未知）');
    }
    const glue = (a: Text, b: Text) => text(a.en + b.en, a.zh + b.zh);
    if (w) layers.push(changedLayer(layer, w.tensors, joinText([glue(granularity, act), describeErrors(w.errors)]), w.errors));
    else layers.push({ ...changedLayer(layer, [], glue(text('shares its int8 weight with an earlier layer', '与前面的层共用同一个 int8 权重'), act)), bytesBefore: 0, bytesAfter: 0 });
  }, 0.6, 0.95, text('inserting QuantizeLinear/DequantizeLinear on activations', '在激活上插入 QuantizeLinear/DequantizeLinear'));
  for (const t of acts) insertActivationQdq(envFor({ graph, label: '' }), t, params.get(t)!);
  removeUnusedConstants(graph, replaced);
  ctx.onProgress?.(1, DONE);
  const caveats = [worstChannelCaveat(layers), nestedCaveat(found.layers.filter((l) => l.scope.parent))].filter((c): c is Text => !!c);
  return { layers: inGraphOrder(layers, order), warnings, ...(caveats.length ? { caveats } : {}) };
}

function nestedCaveat(nested: WeightLayer[]): Text | undefined {
  if (!nested.length) return undefined;
  const where = nameList([...new Set(nested.map((l) => l.scope.label))]);
  return text(
    `${nested.length} layer${nested.length > 1 ? 's' : ''} inside subgraphs (${where}) got int8 weights only: calibration runs the model from outside and cannot observe activations inside If/Loop/Scan bodies, so there they stay float (the file shrinks; that part computes in float).`,
    `子图（${where}）中的 ${nested.length} 个层只量化了 int8 权重：校准从模型外部运行，无法观测 If/Loop/Scan 子图内部的激活，因此那里的激活保持浮点（文件变小，该部分仍用浮点计算）。`,
  );
}

export const int8QdqTransform: Transform<Int8QdqOptions> = { meta, apply };
