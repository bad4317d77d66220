// int8 dynamic quantization: int8 weights for MatMul/Gemm/Conv, activations quantized per run by
// DynamicQuantizeLinear. No calibration data needed. Layers inside If/Loop/Scan bodies are rewritten in their own
// graph (a weight they read from an enclosing graph is quantized where the layer is).
import { uniqueNamer, type GraphProto, type GraphScope } from '../../onnx';
import { same, type Text } from '../../i18n-text';
import type { Transform, TransformOutcome } from '../types';
import { findWeightLayers, type WeightOp } from '../quant/candidates';
import { onnxOpset, removeUnusedConstants, visibleConstants } from '../quant/graph-utils';
import { raiseOpset } from '../quant/opset';
import { changedLayer, describeErrors, eachLayer, inGraphOrder, nodeOrder, opsetProblem, skippedLayer, text, worstChannelCaveat, type QuantLayerReport } from '../quant/report';
import { joinText } from '../../i18n-text';
import { meta, type Int8DynamicOptions } from './meta';
import { rewriteConv, rewriteMatMul, type RewriteEnv } from './rewrite';

const OPSET = 11; // DynamicQuantizeLinear

function apply(model: Parameters<Transform['apply']>[0], options: Int8DynamicOptions, ctx: Parameters<Transform['apply']>[2]): TransformOutcome {
  const graph = model.graph!;
  const order = nodeOrder(graph);
  const ops = new Set<WeightOp>(options.conv ? ['MatMul', 'Gemm', 'Conv'] : ['MatMul', 'Gemm']);
  const found = findWeightLayers(graph, {
    ops,
    convRanks: new Set([4]),
    exclude: ctx.exclude,
    otherOpReason: (op) => (op === 'Conv' ? text('convolutions are switched off in the options', '选项中关闭了卷积量化') : text(`${op} is not covered by int8 dynamic quantization`, `int8 动态量化不覆盖 ${op}`)),
  });
  const layers: QuantLayerReport[] = found.skipped.map((s) => skippedLayer(s.node, s.reason, s.weight, s.scope));
  const warnings: Text[] = [];
  if (!found.layers.length) {
    warnings.push(text('No MatMul, Gemm or Conv with a constant float32 weight: nothing to quantize.', '没有带常量 float32 权重的 MatMul、Gemm 或 Conv：无可量化的层。'));
    return { layers: inGraphOrder(layers, order), warnings, unchanged: true };
  }
  const from = onnxOpset(model);
  const problem = raiseOpset(model, OPSET);
  if (problem) {
    layers.push(...found.layers.map((l) => skippedLayer(l.node, opsetProblem(problem, OPSET), l.weight, l.scope)));
    warnings.push(text(`Not quantized: ${problem}.`, `未量化：无法将模型升级到 opset ${OPSET}（${problem}）。`));
    return { layers: inGraphOrder(layers, order), warnings, unchanged: true };
  }
  if (from < OPSET) warnings.push(text(`The model was rewritten from opset ${from} to ${OPSET} for the quantized operators.`, `为使用量化算子，模型已从 opset ${from} 改写为 ${OPSET}。`));
  const name = uniqueNamer(graph);
  const perChannel = options.granularity === 'per-channel';
  const envs = new Map<GraphProto, RewriteEnv>();
  const envFor = (scope: GraphScope): RewriteEnv => {
    let env = envs.get(scope.graph);
    if (!env) envs.set(scope.graph, (env = { graph: scope.graph, name, dql: new Map(), perChannel, constants: new Map([...visibleConstants(scope)].map(([k, v]) => [k, v.tensor])) }));
    return env;
  };
  const replaced: string[] = [];
  eachLayer(found.layers, ctx, (l) => same(`int8: ${l.node.name || l.node.output[0]}`), (layer) => {
    const env = envFor(layer.scope);
    const r = layer.op === 'Conv' ? rewriteConv(env, layer) : rewriteMatMul(env, layer);
    if (!('tensors' in r)) {
      layers.push(skippedLayer(layer.node, r, layer.weight, layer.scope));
      return;
    }
    replaced.push(...r.replaced);
    layers.push(changedLayer(layer, r.tensors, joinText([r.detail, describeErrors(r.errors)]), r.errors));
  });
  removeUnusedConstants(graph, replaced);
  const caveat = worstChannelCaveat(layers);
  return { layers: inGraphOrder(layers, order), warnings, ...(caveat ? { caveats: [caveat] } : {}) };
}

export const int8DynamicTransform: Transform<Int8DynamicOptions> = { meta, apply };
