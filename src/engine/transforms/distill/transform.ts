// Distillation into a smaller student: narrow the model (keep each layer's strongest channels, as structured
// pruning chooses them), drop Transformer layers, then train the student from the original model.
import { text, type Text } from '../../i18n-text';
import { decodeModel, encodeModel, type ModelProto } from '../../onnx';
import { pruneStructured } from '../prune-structured/transform';
import { fakeQuantPlan, trainingStart } from '../train-common/quant-suffix';
import { requireTrainingData, trainAndReplace } from '../train-common/run';
import type { LayerReport, Transform, TransformContext, TransformOutcome } from '../types';
import { dropBlocks, residualBlocks, residualUnits } from './blocks';
import { distillMeta, type DistillOptions } from './meta';

async function apply(model: ModelProto, options: DistillOptions, ctx: TransformContext): Promise<TransformOutcome> {
  const data = requireTrainingData(ctx, 'Distillation');
  const start = trainingStart(encodeModel(model), ctx);
  const student = decodeModel(start.floatBytes);
  const warnings: Text[] = [];
  const layers: LayerReport[] = [];
  const blocks = residualBlocks(residualUnits(student.graph!));
  if (options.layers > 0 && options.layers < blocks.length) {
    const keep = new Set(Array.from({ length: options.layers }, (_, i) => Math.round((i * blocks.length) / options.layers)));
    dropBlocks(student.graph!, blocks, keep);
    blocks.forEach((b, i) => keep.has(i) || layers.push({
      node: b.units[0].add.name || b.units[0].add.output[0], op: 'Add', action: 'changed', detail: text(`dropped residual layer ${i + 1} of ${blocks.length}`, `删除了第 ${i + 1} 个残差层（共 ${blocks.length} 个）`),
      paramsBefore: 0, paramsAfter: 0, bytesBefore: 0, bytesAfter: 0,
    }));
  } else if (options.layers > 0 && !blocks.length) {
    warnings.push({ en: 'This model has no residual (Transformer) layers to drop: the student keeps its depth and is only narrower.', zh: '此模型没有可删除的残差（Transformer）层：学生模型保持原深度，只是更窄。' });
  }
  if (options.width < 100) {
    const narrowed = await pruneStructured.apply(student, { rate: 100 - options.width, norm: 'l1' }, { checkCancelled: ctx.checkCancelled, exclude: ctx.exclude });
    for (const l of narrowed.layers) layers.push({ ...l, detail: l.action === 'changed' ? text(`student width: ${l.detail.en}`, `学生模型宽度：${l.detail.zh}`) : l.detail });
    if (!narrowed.layers.some((l) => l.action === 'changed')) {
      warnings.push({ en: 'No layer of this model could be narrowed (every layer\'s channels meet a residual path or a graph output): the student has the teacher\'s width.', zh: '此模型没有可变窄的层（每层的通道都与残差路径或模型输出相连）：学生模型与教师宽度相同。' });
    }
  }
  const fakeQuant = start.requantize.length ? await fakeQuantPlan(encodeModel(student), start.requantize, ctx) : undefined;
  return trainAndReplace({ model, student, options, ctx, data, keepZeros: false, fakeQuant, requantize: start.requantize, warnings, layers });
}

export const distillStudent: Transform<DistillOptions> = { meta: distillMeta, apply };
