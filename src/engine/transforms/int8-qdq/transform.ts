// int8 static quantization in QDQ format (ORT's default for CNNs): int8 weights behind DequantizeLinear, and
// QuantizeLinear/DequantizeLinear on the inputs and outputs of every quantized Conv/MatMul/Gemm, with activation
// ranges calibrated on sample inputs.
import { DataType } from '../../onnx';
import type { Text } from '../../i18n-text';
import type { Transform, TransformContext, TransformOutcome } from '../types';
import { findWeightLayers } from '../quant/candidates';
import { inferElemTypes } from '../quant/elem-types';
import { constantSources, deepNamer, onnxOpset, removeUnusedConstants } from '../quant/graph-utils';
import { activationParams, type QParams } from '../quant/math';
import { raiseOpset } from '../quant/opset';
import { changedLayer, describeErrors, eachLayer, inGraphOrder, nodeOrder, skippedLayer, text, type QuantLayerReport } from '../quant/report';
import type { ModelProto } from '../../onnx';
import { calibrate, requireCalibration } from './calibrate';
import { insertActivationQdq, quantizeConvBias, quantizeWeight, type QdqEnv } from './insert';
import { meta, type Int8QdqOptions } from './meta';

async function apply(model: ModelProto, o: Int8QdqOptions, ctx: TransformContext): Promise<TransformOutcome> {
  const samples = requireCalibration(model, ctx); // fail before touching the model
  const graph = model.graph!;
  const order = nodeOrder(graph.node);
  const found = findWeightLayers(graph, { ops: new Set(['MatMul', 'Gemm', 'Conv']), otherOpReason: (op) => `${op} is not covered by int8 QDQ quantization`, exclude: ctx.exclude });
  const layers: QuantLayerReport[] = found.skipped.map((s) => skippedLayer(s.node, s.reason, s.weight));
  const warnings: Text[] = [];
  if (!found.layers.length) {
    warnings.push(text('No Conv, MatMul or Gemm with a constant float32 weight: nothing to quantize.', '没有带常量 float32 权重的 Conv、MatMul 或 Gemm：无可量化的层。'));
    return { layers: inGraphOrder(layers, order), warnings };
  }
  const perChannel = o.granularity === 'per-channel';
  const target = perChannel ? 13 : 10; // DequantizeLinear with `axis` needs 13
  const from = onnxOpset(model);
  const problem = raiseOpset(model, target);
  if (problem) {
    layers.push(...found.layers.map((l) => skippedLayer(l.node, `model left unchanged: ${problem}`, l.weight)));
    warnings.push(text(`Not quantized: ${problem}.`, `未量化：无法将模型升级到 opset ${target}（${problem}）。`));
    return { layers: inGraphOrder(layers, order), warnings };
  }
  if (from < target) warnings.push(text(`The model was rewritten from opset ${from} to ${target} for the quantized operators.`, `为使用量化算子，模型已从 opset ${from} 改写为 ${target}。`));

  // Activations to quantize: inputs and outputs of the quantized nodes (as ORT does), except graph outputs,
  // which keep full precision for whoever reads the model's results.
  const types = inferElemTypes(graph);
  const outputs = new Set(graph.output.map((x) => x.name));
  const acts = [...new Set(found.layers.flatMap((l) => [l.node.input[0], l.node.output[0]]))]
    .filter((t) => types.get(t) === DataType.FLOAT && !outputs.has(t));
  const ranges = await calibrate(model, acts, samples, ctx, o.calibration, o.percentile, 0, 0.6);
  const params = new Map<string, QParams>(acts.map((t) => [t, activationParams(ranges.get(t)!.min, ranges.get(t)!.max, o.activations)]));

  const env: QdqEnv = { graph, name: deepNamer(graph), perChannel, constants: new Map([...constantSources(graph)].map(([k, v]) => [k, v.tensor])) };
  const dequantized = new Map<string, { out: string; scales: Float32Array }>(); // weights shared by several nodes
  const replaced: string[] = [];
  eachLayer(found.layers, ctx, (l) => `int8 QDQ: ${l.node.name || l.node.output[0]}`, (layer) => {
    const { node } = layer;
    const shared = dequantized.get(layer.weightName);
    const w = shared ? null : quantizeWeight(env, layer);
    if (shared) node.input[1] = shared.out;
    else dequantized.set(layer.weightName, { out: node.input[1], scales: w!.scales });
    replaced.push(layer.weightName);
    const input = params.get(node.input[0]);
    const biasName = node.input[2];
    if (layer.op === 'Conv' && input && quantizeConvBias(env, node, input.scale, dequantized.get(layer.weightName)!.scales)) replaced.push(biasName);
    const granularity = perChannel ? `per-channel int8 (${layer.dims[layer.channelAxis]} channels)` : 'per-tensor int8';
    const act = input ? `, input ${o.activations} scale ${input.scale.toPrecision(3)}` : ', input not quantized (type unknown)';
    if (w) layers.push(changedLayer(node, layer.weight, w.tensors, `${granularity}${act}; ${describeErrors(w.errors)}`, w.errors));
    else layers.push({ ...changedLayer(node, layer.weight, [], `shares its int8 weight with an earlier layer${act}`), bytesBefore: 0, bytesAfter: 0 });
  }, 0.6, 0.95, 'inserting QuantizeLinear/DequantizeLinear on activations');
  for (const t of acts) insertActivationQdq(env, t, params.get(t)!);
  removeUnusedConstants(graph, replaced);
  ctx.onProgress?.(1, 'done');
  return { layers: inGraphOrder(layers, order), warnings };
}

export const int8QdqTransform: Transform<Int8QdqOptions> = { meta, apply };
