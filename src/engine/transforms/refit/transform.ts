// Least-squares refit after structured pruning (training-free recovery). The reference is the model before the
// pruning step (found in the recipe history by its larger layers); each layer that lost input channels is refit,
// in graph order, so that its output on calibration samples matches the reference layer's output at the
// channels it kept.
import type { ModelProto } from '../../onnx';
import { text, type Text } from '../../i18n-text';
import type { LayerReport, Transform, TransformContext, TransformOutcome } from '../types';
import { requireSamples, samplesNote } from '../layer-fit/calibration';
import { mapChannels } from '../layer-fit/channel-map';
import { findReference, floatLayers, type FloatLayer } from '../layer-fit/layers';
import { ConstantWriter } from '../layer-fit/write';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { pct } from '../prune-common/format';
import { SingularSystemError } from '../layer-fit/solve';
import { readReferenceRows } from '../layer-fit/rows';
import { fitLayer, planLayer, type LayerPlan } from './fit-layer';
import { geometryOf } from './geometry';
import { refitMeta, type RefitOptions } from './meta';

const NOTHING: Text = {
  en: 'Nothing to refit: no structured pruning step comes before this one (no layer is smaller than in an earlier model of the recipe). Add "Structured pruning" before it.',
  zh: '没有可重拟合的层：此步骤之前没有结构化剪枝（没有任何层比配方中更早的模型小）。请先添加“结构化剪枝”。',
};

/** The layer lost input channels relative to the reference (a depthwise conv: channels, which are its inputs). */
function shrank(layer: FloatLayer, ref: FloatLayer | undefined): boolean {
  if (!ref || ref.dims.length !== layer.dims.length) return false;
  return layer.group > 1 ? layer.dims[0] < ref.dims[0] : layer.dims[layer.inAxis] < ref.dims[ref.inAxis];
}

function row(layer: FloatLayer, action: LayerReport['action'], detail: Text, extra: Partial<LayerReport> = {}): LayerReport {
  const params = layer.dims.reduce((a, b) => a * b, 1);
  return { node: layer.node.name || layer.node.output[0], op: layer.op, action, detail, paramsBefore: params, paramsAfter: params, bytesBefore: params * 4, bytesAfter: params * 4, ...extra };
}

async function apply(model: ModelProto, o: RefitOptions, ctx: TransformContext): Promise<TransformOutcome> {
  const graph = model.graph!;
  const current = floatLayers(graph);
  const reference = findReference(ctx.history, (m) => {
    const layers = floatLayers(m.graph!);
    return [...current].some(([out, l]) => shrank(l, layers.get(out)));
  });
  if (!reference) return { layers: [], warnings: [NOTHING], caveats: [NOTHING], unchanged: true };
  const samples = requireSamples(ctx, refitMeta.label, o.samples);
  const refLayers = floatLayers(reference.model.graph!);
  const channels = mapChannels(reference.model.graph!, graph);
  const writer = new ConstantWriter(graph, model.irVersion);
  const rows = new Map<string, LayerReport>();
  const plans: LayerPlan[] = [];
  // Scope "after": every layer from the first one that lost inputs on (their inputs drift too); "pruned": only those.
  let reached = false;
  for (const [out, layer] of current) {
    const ref = refLayers.get(out);
    const lost = shrank(layer, ref);
    reached ||= lost;
    const geo = geometryOf(layer);
    const kept = channels.kept.get(out);
    if (!ref) rows.set(out, row(layer, 'skipped', text('not in the reference model', '参考模型中没有此层')));
    else if (!lost && (o.scope === 'pruned' || !reached)) rows.set(out, row(layer, 'skipped', reached ? text('inputs not pruned (scope: pruned layers only)', '输入未被剪枝（范围：仅剪枝层）') : text('before the first pruned layer: nothing to refit', '在第一个剪枝层之前：无需重拟合')));
    else if (isExcluded(layer.node, ctx.exclude)) rows.set(out, row(layer, 'skipped', EXCLUDED_DETAIL));
    else if ('en' in geo) rows.set(out, row(layer, 'skipped', geo));
    else if (!kept) rows.set(out, row(layer, 'skipped', text(`output channels not matched to the reference: ${channels.problems.get(out)}`, `输出通道无法与参考模型对应：${channels.problems.get(out)}`)));
    else plans.push(planLayer(layer, geo, kept));
  }
  ctx.onProgress?.(0, text('reading the reference model', '读取参考模型'));
  const used = await readReferenceRows(reference.model, plans.map((p) => p.rows), samples, ctx);
  for (const [i, plan] of plans.entries()) {
    const { layer, geo } = plan;
    const out = layer.node.output[0];
    ctx.onProgress?.((i + 1) / (plans.length + 1), text(`refit ${layer.node.name || out}`, `重新拟合 ${layer.node.name || out}`));
    try {
      const r = await fitLayer(model, plan, samples, o.lambda, writer, ctx);
      const shape = geo.groups > 1 ? text(`${geo.groups} groups of ${geo.k}`, `${geo.groups} 组，每组 ${geo.k}`) : text(`${geo.k} inputs → ${geo.m} outputs`, `${geo.k} 个输入 → ${geo.m} 个输出`);
      if (r.unchanged) {
        rows.set(out, row(layer, 'skipped', text(`already matches the reference (output error ${pct(r.errorBefore, 2)}): kept as is`, `已与参考模型一致（输出误差 ${pct(r.errorBefore, 2)}）：保持原样`), { outputErrorBefore: r.errorBefore, outputErrorAfter: r.errorBefore }));
        continue;
      }
      rows.set(out, row(layer, 'changed', text(
        `refit on ${r.samples} samples (${r.rows} rows), ${shape.en}${r.biasAdded ? ', bias added' : ''}; output error ${pct(r.errorBefore)} → ${pct(r.errorAfter)}`,
        `在 ${r.samples} 个样本（${r.rows} 行）上重拟合，${shape.zh}${r.biasAdded ? '，已添加偏置' : ''}；输出误差 ${pct(r.errorBefore)} → ${pct(r.errorAfter)}`,
      ),
        { outputErrorBefore: r.errorBefore, outputErrorAfter: r.errorAfter }));
    } catch (e) {
      if (!(e instanceof SingularSystemError)) throw e;
      rows.set(out, row(layer, 'skipped', text(`not refit: ${e.message}; try a larger ridge λ`, `未重拟合：${e.zh}；请尝试更大的岭参数 λ`)));
    }
  }
  const layers = [...current.keys()].map((out) => rows.get(out)!);
  ctx.onProgress?.(1, text('refit done', '重新拟合完成'));
  const note = samplesNote(used, ctx);
  const changed = layers.filter((l) => l.action === 'changed').length;
  return {
    layers,
    warnings: [{
      en: `Refit ${changed} layer${changed === 1 ? '' : 's'} against the model before step ${reference.step + 1}, on up to ${note.en}; output errors are measured on those samples.`,
      zh: `以第 ${reference.step + 1} 步之前的模型为参照重拟合了 ${changed} 层，最多使用 ${note.zh}；输出误差在这些样本上测得。`,
    }],
  };
}

export const refitTransform: Transform<RefitOptions> = { meta: refitMeta, apply };
