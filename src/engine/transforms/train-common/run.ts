// What recovery fine-tuning and distillation do once they have a float student: train it from the original
// model (history[0]) on the model's training data, re-apply any quantization it trained through, and report.
import { text, type Text } from '../../i18n-text';
import { decodeModel, encodeModel, type ModelProto } from '../../onnx';
import type { TrainingSet } from '../../train/data';
import { distill } from '../../train/distill';
import type { FakeQuant } from '../../train/fake-quant';
import type { AppliedStep, LayerReport, TransformContext, TransformOutcome } from '../types';
import { EXCLUDED_DETAIL, isExcluded } from '../exclude';
import { distillConfig, type TrainOptions } from './options';
import { trainingReport } from './report';

export function requireTrainingData(ctx: TransformContext, technique: string): TrainingSet {
  if (ctx.training) return ctx.training;
  throw new Error(`${technique} needs the model's training data, and ModelLab has it only for its digits CNN, sentiment Transformer and language-ID models (not for uploaded models or PP-OCR). Use the training-free recovery techniques (refit, bias correction, BatchNorm re-estimation) for this model.`);
}

export interface TrainJob {
  /** The step's model: replaced by the result. */
  model: ModelProto;
  student: ModelProto;
  options: TrainOptions;
  ctx: TransformContext;
  data: TrainingSet;
  keepZeros: boolean;
  fakeQuant?: Map<string, FakeQuant>;
  requantize: AppliedStep[];
  warnings: Text[];
  /** Extra report rows (e.g. what the student builder removed). */
  layers?: LayerReport[];
}

export async function trainAndReplace(job: TrainJob): Promise<TransformOutcome> {
  const { ctx, options } = job;
  const teacher = decodeModel(ctx.history?.[0] ?? encodeModel(job.student));
  // Layers a mixed recipe keeps as they are: the weights they read are not trained.
  const excluded = job.student.graph!.node.filter((n) => isExcluded(n, ctx.exclude));
  const frozen = new Set(excluded.flatMap((n) => n.input));
  ctx.onProgress?.(0.02, text('teacher outputs on the training set', '教师模型在训练集上的输出'));
  const result = distill({
    student: job.student, teacher, teacherKey: ctx.history?.[0], data: job.data, config: distillConfig(options, job.student), keepZeros: job.keepZeros, fakeQuant: job.fakeQuant, frozen,
    checkCancelled: ctx.checkCancelled,
    onProgress: (p) => ctx.onProgress?.(0.05 + (0.9 * p.step) / p.steps, text(`step ${p.step}/${p.steps} · loss ${p.loss.toPrecision(3)}`, `第 ${p.step}/${p.steps} 步 · 损失 ${p.loss.toPrecision(3)}`), p),
  });
  let final = job.student;
  if (job.requantize.length) {
    ctx.onProgress?.(0.96, text(`applying ${job.requantize.map((s) => s.transform).join(' + ')} again`, `再次应用 ${job.requantize.map((s) => s.transform).join(' + ')}`));
    final = decodeModel(await ctx.replay!(encodeModel(job.student), job.requantize));
  }
  replaceModel(job.model, final);
  const skipped: LayerReport[] = excluded.map((n) => ({
    node: n.name || n.output[0], op: n.opType, action: 'skipped', detail: EXCLUDED_DETAIL, paramsBefore: 0, paramsAfter: 0, bytesBefore: 0, bytesAfter: 0,
  }));
  const layers = [...(job.layers ?? []), ...skipped.filter((s) => !job.layers?.some((l) => l.node === s.node))];
  return trainingReport(job.student, final, result, job.data, options, job.requantize, job.warnings, layers);
}

/**
 * Makes `target` the model `source` (the pipeline encodes the step's model object it passed in). Only own fields
 * are copied: the encoder writes every own field, so copying defaults would add bytes that were never there.
 */
function replaceModel(target: ModelProto, source: ModelProto): void {
  const t = target as unknown as Record<string, unknown>, s = source as unknown as Record<string, unknown>;
  for (const key of Object.keys(t)) if (!Object.hasOwn(s, key)) delete t[key];
  for (const key of Object.keys(s)) t[key] = s[key];
}
