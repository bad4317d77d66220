// Bias correction after quantization (training-free recovery): the reference is the float model before the
// quantization step (found in the recipe history: the latest model in which these layers still have float
// weights). For each quantized layer in graph order, the mean output difference per channel on calibration samples
// is subtracted from its bias, and the output error before/after is reported.
import { producerMap, type ModelProto } from '../../onnx';
import { text, type Text } from '../../i18n-text';
import type { LayerReport, Transform, TransformContext, TransformOutcome } from '../types';
import { requireSamples, samplesNote } from '../layer-fit/calibration';
import { findReference, floatLayers, type FloatLayer } from '../layer-fit/layers';
import { CHANNELS_FIRST, CHANNELS_LAST, readCurrentRows, readReferenceRows, rowPlan, type RowPlan } from '../layer-fit/rows';
import { floatData } from '../layer-fit/probe';
import { ConstantWriter } from '../layer-fit/write';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { pct } from '../prune-common/format';
import { applyShift } from './apply-shift';
import { biasCorrectionMeta, type BiasCorrectionOptions } from './meta';
import { findSlot, type Slot } from './slot';

const NOTHING: Text = {
  en: 'Nothing to correct: no layer is quantized compared with an earlier model of the recipe. Put bias correction after an int8 or int4 step.',
  zh: '没有可校正的层：与配方中更早的模型相比，没有任何层被量化。请把偏置校正放在 int8 或 int4 步骤之后。',
};
/** Rows per layer: a mean per channel needs no more; Gemm layers give one row per sample. */
const TARGET_ROWS = 4096;
const MIN_SAMPLES = 16;

/** Float layers of `ref` that `model` has rewritten (quantized): same output name, no longer a float layer. */
function quantizedLayers(model: ModelProto, ref: ModelProto): FloatLayer[] {
  const float = floatLayers(model.graph!);
  const produced = producerMap(model.graph!);
  return [...floatLayers(ref.graph!)].filter(([out]) => !float.has(out) && produced.has(out)).map(([, l]) => l);
}

function row(layer: FloatLayer, action: LayerReport['action'], detail: Text, extra: Partial<LayerReport> = {}): LayerReport {
  return { node: layer.node.name || layer.node.output[0], op: layer.op, action, detail, paramsBefore: 0, paramsAfter: 0, bytesBefore: 0, bytesAfter: 0, ...extra };
}

async function apply(model: ModelProto, o: BiasCorrectionOptions, ctx: TransformContext): Promise<TransformOutcome> {
  const reference = findReference(ctx.history, (m) => quantizedLayers(model, m).length > 0);
  if (!reference) return { layers: [], warnings: [NOTHING], caveats: [NOTHING], unchanged: true };
  const samples = requireSamples(ctx, biasCorrectionMeta.label, o.samples);
  const graph = model.graph!;
  const writer = new ConstantWriter(graph, model.irVersion);
  const refProducers = producerMap(reference.model.graph!);
  const reports = new Map<FloatLayer, LayerReport>();
  const jobs: { layer: FloatLayer; slot: Exclude<Slot, { kind: 'none' }>; plan: RowPlan }[] = [];
  const targets = quantizedLayers(model, reference.model);
  for (const layer of targets) {
    const channels = layer.dims[layer.outAxis];
    const slot = isExcluded(layer.node, ctx.exclude) ? { kind: 'none' as const, reason: EXCLUDED_DETAIL } : findSlot(graph, layer.node.output[0], channels);
    if (slot.kind === 'none') reports.set(layer, row(layer, 'skipped', slot.reason));
    else if (!refProducers.has(slot.measure)) reports.set(layer, row(layer, 'skipped', text(`its bias output "${slot.measure}" is not in the reference model`, `参考模型中没有它的偏置输出“${slot.measure}”`)));
    else {
      const layout = layer.op === 'Conv' ? CHANNELS_FIRST : CHANNELS_LAST;
      const kept = Int32Array.from({ length: channels }, (_, i) => i);
      jobs.push({ layer, slot, plan: rowPlan(slot.measure, layout, kept, TARGET_ROWS, Math.ceil(TARGET_ROWS / MIN_SAMPLES)) });
    }
  }
  ctx.onProgress?.(0, text('reading the reference model', '读取参考模型'));
  const used = await readReferenceRows(reference.model, jobs.map((j) => j.plan), samples, ctx);
  for (const [i, { layer, slot, plan }] of jobs.entries()) {
    ctx.onProgress?.((i + 1) / (jobs.length + 1), text(`bias correction: ${layer.node.name || layer.node.output[0]}`, `偏置校正：${layer.node.name || layer.node.output[0]}`));
    const c = plan.kept.length;
    if (!plan.rows) {
      reports.set(layer, row(layer, 'skipped', text('no calibration rows reached this layer', '没有校准数据行到达此层')));
      continue;
    }
    const diff = new Float64Array(plan.rows * c);
    let rank = 0, axis = 0;
    await readCurrentRows(model, plan, [], samples, ctx, (t, positions, first) => {
      const y = floatData(t[plan.output], plan.output);
      const dims = t[plan.output].dims;
      [rank, axis] = [dims.length, plan.layout === CHANNELS_FIRST ? 1 : dims.length - 1];
      positions.forEach((p, r) => {
        for (let ch = 0; ch < c; ch++) diff[(first + r) * c + ch] = y[plan.layout.index(dims, p, ch)] - plan.ref[(first + r) * c + ch];
      });
    });
    const mean = new Float64Array(c);
    for (let r = 0; r < plan.rows; r++) for (let ch = 0; ch < c; ch++) mean[ch] += diff[r * c + ch] / plan.rows;
    const applied = applyShift(graph, writer, slot, mean, rank, axis);
    let before = 0, after = 0, energy = 0;
    for (let r = 0; r < plan.rows; r++) {
      for (let ch = 0; ch < c; ch++) {
        const d = diff[r * c + ch];
        before += d * d;
        after += (d - applied[ch]) ** 2;
        energy += plan.ref[r * c + ch] ** 2;
      }
    }
    const rel = (sse: number) => (energy > 0 ? Math.sqrt(sse / energy) : 0);
    const after_ = slot.kind === 'constant' && slot.measure !== layer.node.output[0] ? slot.node.name || slot.measure : undefined;
    const where = slot.kind === 'insert' ? text('bias added (an Add after the layer)', '已添加偏置（层后新增一个 Add）') : slot.kind === 'int32' ? text('int32 bias shifted', 'int32 偏置已平移')
      : text(`bias shifted${after_ ? ` (the Add after it, "${after_}")` : ''}`, `偏置已平移${after_ ? `（其后的 Add“${after_}”）` : ''}`);
    reports.set(layer, row(layer, 'changed', text(
      `${where.en} by the mean output error over ${plan.rows} rows of ${plan.schedule.length} samples; output error ${pct(rel(before), 2)} → ${pct(rel(after), 2)}`,
      `${where.zh}，平移量为 ${plan.schedule.length} 个样本 ${plan.rows} 行上的平均输出误差；输出误差 ${pct(rel(before), 2)} → ${pct(rel(after), 2)}`,
    ),
      { outputErrorBefore: rel(before), outputErrorAfter: rel(after) }));
  }
  ctx.onProgress?.(1, text('bias correction done', '偏置校正完成'));
  const layers = targets.map((l) => reports.get(l)!);
  const note = samplesNote(used, ctx);
  const changed = layers.filter((l) => l.action === 'changed').length;
  return {
    layers,
    warnings: [{
      en: `Corrected the bias of ${changed} quantized layer${changed === 1 ? '' : 's'} against the float model before step ${reference.step + 1}, on up to ${note.en}; output errors are measured on those samples.`,
      zh: `以第 ${reference.step + 1} 步之前的浮点模型为参照，校正了 ${changed} 个量化层的偏置，最多使用 ${note.zh}；输出误差在这些样本上测得。`,
    }],
  };
}

export const biasCorrectionTransform: Transform<BiasCorrectionOptions> = { meta: biasCorrectionMeta, apply };
