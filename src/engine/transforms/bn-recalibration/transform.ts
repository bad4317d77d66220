// BatchNormalization re-estimation (training-free recovery): each BN's running mean and variance become the
// mean and (population) variance of its input over the calibration samples, in graph order, so each BN sees the
// already re-estimated ones before it. The output error is measured against the same BN's output in the model
// the recipe started from (history[0]), at the channels this model kept.
import { attrFloat, attrInt, DataType, decodeModel, makeTensor, readFloat32, tensorShape, type GraphProto, type ModelProto, type NodeProto } from '../../onnx';
import { same, text, type Text } from '../../i18n-text';
import type { LayerReport, Transform, TransformContext, TransformOutcome } from '../types';
import { requireSamples, samplesNote } from '../layer-fit/calibration';
import { floatData } from '../layer-fit/probe';
import { CHANNELS_FIRST, readCurrentRows, readReferenceRows, rowPlan } from '../layer-fit/rows';
import { ConstantWriter } from '../layer-fit/write';
import { constantSources } from '../quant/graph-utils';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { pct } from '../prune-common/format';
import { bnMeta, type BnOptions } from './meta';

const NONE: Text = {
  en: 'No BatchNormalization left in this model (folded into the layers before it, or absent): nothing to re-estimate.',
  zh: '此模型中没有 BatchNormalization（已折叠进前面的层，或本来就没有）：无需重估。',
};
/** Values per channel and sample kept for the error report (the statistics use every value). */
const ROWS_PER_SAMPLE = 64;

function batchNorms(graph: GraphProto): NodeProto[] {
  const sources = constantSources(graph);
  return graph.node.filter((n) => n.opType === 'BatchNormalization' && (!n.domain || n.domain === 'ai.onnx') && [1, 2, 3, 4].every((i) => sources.has(n.input[i])));
}

/** Reference channel of each current channel: the BN's (scale, bias) pairs are kept bit for bit by pruning. */
function matchChannels(cur: NodeProto, curGraph: GraphProto, ref: NodeProto, refGraph: GraphProto): Int32Array | undefined {
  const a = constantSources(curGraph), b = constantSources(refGraph);
  const [cs, cb] = [1, 2].map((i) => readFloat32(a.get(cur.input[i])!.tensor));
  const [rs, rb] = [1, 2].map((i) => readFloat32(b.get(ref.input[i])!.tensor));
  const kept = new Int32Array(cs.length);
  let j = 0;
  for (let c = 0; c < cs.length; c++, j++) {
    while (j < rs.length && (rs[j] !== cs[c] || rb[j] !== cb[c])) j++;
    if (j === rs.length) return undefined;
    kept[c] = j;
  }
  return kept;
}

function row(node: NodeProto, action: LayerReport['action'], detail: Text, extra: Partial<LayerReport> = {}): LayerReport {
  return { node: node.name || node.output[0], op: node.opType, action, detail, paramsBefore: 0, paramsAfter: 0, bytesBefore: 0, bytesAfter: 0, ...extra };
}

async function apply(model: ModelProto, o: BnOptions, ctx: TransformContext): Promise<TransformOutcome> {
  const graph = model.graph!;
  const bns = batchNorms(graph);
  if (!bns.length) return { layers: [], warnings: [NONE], caveats: [NONE], unchanged: true };
  const samples = requireSamples(ctx, bnMeta.label, o.samples);
  // The reference is the model the recipe started from: what recovery tries to get back to.
  const reference = ctx.history && ctx.history.length > 1 ? decodeModel(ctx.history[0]) : undefined;
  const refBns = new Map((reference ? batchNorms(reference.graph!) : []).map((n) => [n.output[0], n]));
  const writer = new ConstantWriter(graph, model.irVersion);
  const layers: LayerReport[] = [];
  for (const [i, bn] of bns.entries()) {
    ctx.onProgress?.(i / bns.length, same(`BatchNorm ${bn.name || bn.output[0]}`));
    if (isExcluded(bn, ctx.exclude)) { layers.push(row(bn, 'skipped', EXCLUDED_DETAIL)); continue; }
    if (attrInt(bn, 'training_mode', 0)) { layers.push(row(bn, 'skipped', text('in training mode: it uses batch statistics already', '训练模式：它已经使用批次统计量'))); continue; }
    const channels = tensorShape(writer.get(bn.input[3])!).reduce((a, b) => a * b, 1);
    const refBn = refBns.get(bn.output[0]);
    const kept = refBn && matchChannels(bn, graph, refBn, reference!.graph!);
    // Without a reference the statistics are still re-estimated; only the error report is missing.
    const plan = rowPlan(bn.output[0], CHANNELS_FIRST, kept ?? new Int32Array(channels), samples.length * ROWS_PER_SAMPLE, ROWS_PER_SAMPLE);
    if (kept) await readReferenceRows(reference!, [plan], samples, ctx);
    else plan.schedule = samples.map((_, s) => ({ sample: s, positions: [] }));
    const stats = { n: 0, s1: new Float64Array(channels), s2: new Float64Array(channels), shift: readFloat32(writer.get(bn.input[3])!) };
    const x = new Float64Array(plan.rows * channels);
    const before = new Float64Array(plan.rows * channels);
    await readCurrentRows(model, plan, [bn.input[0]], samples, ctx, (t, positions, first) => {
      const input = floatData(t[bn.input[0]], bn.input[0]);
      const out = floatData(t[bn.output[0]], bn.output[0]);
      const dims = t[bn.input[0]].dims;
      const inner = dims.slice(2).reduce((a, b) => a * b, 1);
      for (let k = 0; k < input.length; k++) {
        const c = Math.floor(k / inner) % channels;
        const d = input[k] - stats.shift[c]; // shifted sums: no cancellation when the mean is large
        stats.s1[c] += d;
        stats.s2[c] += d * d;
      }
      stats.n += input.length / channels;
      positions.forEach((p, r) => {
        for (let c = 0; c < channels; c++) {
          const k = CHANNELS_FIRST.index(dims, p, c);
          x[(first + r) * channels + c] = input[k];
          before[(first + r) * channels + c] = out[k];
        }
      });
    });
    const mean = Float32Array.from(stats.s1, (s, c) => stats.shift[c] + s / stats.n);
    const variance = Float32Array.from(stats.s2, (s, c) => Math.max(0, s / stats.n - (stats.s1[c] / stats.n) ** 2));
    for (const [input, values] of [[3, mean], [4, variance]] as const) {
      const t = writer.get(bn.input[input])!;
      writer.set(bn, input, makeTensor(t.name, DataType.FLOAT, tensorShape(t), values), input, `${t.name}_recalibrated`);
    }
    const detail = text(`mean and variance re-estimated from ${stats.n} values per channel (${plan.schedule.length} samples)`, `均值和方差由每通道 ${stats.n} 个值（${plan.schedule.length} 个样本）重新估计`);
    if (!kept) {
      layers.push(row(bn, 'changed', text(`${detail.en}; no reference BatchNormalization to measure the output error against`, `${detail.zh}；没有可用来衡量输出误差的参考 BatchNormalization`)));
      continue;
    }
    const [scale, bias] = [1, 2].map((k) => readFloat32(writer.get(bn.input[k])!));
    const eps = attrFloat(bn, 'epsilon', 1e-5);
    let e0 = 0, e1 = 0, energy = 0;
    for (let r = 0; r < plan.rows; r++) {
      for (let c = 0; c < channels; c++) {
        const want = plan.ref[r * channels + c];
        const now = scale[c] * (x[r * channels + c] - mean[c]) / Math.sqrt(variance[c] + eps) + bias[c];
        e0 += (before[r * channels + c] - want) ** 2;
        e1 += (now - want) ** 2;
        energy += want * want;
      }
    }
    const rel = (s: number) => (energy > 0 ? Math.sqrt(s / energy) : 0);
    layers.push(row(bn, 'changed', text(`${detail.en}; output error ${pct(rel(e0), 2)} → ${pct(rel(e1), 2)}`, `${detail.zh}；输出误差 ${pct(rel(e0), 2)} → ${pct(rel(e1), 2)}`), { outputErrorBefore: rel(e0), outputErrorAfter: rel(e1) }));
  }
  ctx.onProgress?.(1, text('BatchNorm done', 'BatchNorm 完成'));
  const note = samplesNote(samples.length, ctx);
  return {
    layers,
    warnings: [{
      en: `Re-estimated ${layers.filter((l) => l.action === 'changed').length} BatchNormalization layer(s) on ${note.en}${reference ? '; output errors against the model the recipe started from' : ''}.`,
      zh: `在${note.zh}上重估了 ${layers.filter((l) => l.action === 'changed').length} 个 BatchNormalization 层${reference ? '；输出误差以配方的原始模型为参照' : ''}。`,
    }],
  };
}

export const bnRecalibrationTransform: Transform<BnOptions> = { meta: bnMeta, apply };
