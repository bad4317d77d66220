// Recovery fine-tuning: train the compressed model (the float model before any trailing quantization steps) to
// match the original model, keeping pruned zeros and removed channels, then quantize again where needed.
import { decodeModel, encodeModel, type ModelProto } from '../../onnx';
import type { Transform, TransformContext, TransformOutcome } from '../types';
import type { TrainOptions } from '../train-common/options';
import { fakeQuantPlan, trainingStart } from '../train-common/quant-suffix';
import { requireTrainingData, trainAndReplace } from '../train-common/run';
import { recoverMeta } from './meta';

async function apply(model: ModelProto, options: TrainOptions, ctx: TransformContext): Promise<TransformOutcome> {
  const data = requireTrainingData(ctx, 'Recover');
  const start = trainingStart(encodeModel(model), ctx);
  const warnings = start.compressed ? [] : [{
    en: 'Recover has no compression step before it, so its teacher is this same model: fine-tuning towards itself changes little beyond what the labels add. Put it after pruning, low-rank or quantization.',
    zh: '“恢复”之前没有压缩步骤，因此教师就是这个模型本身：向自身微调几乎不起作用（只有标签带来的变化）。请放在剪枝、低秩分解或量化之后。',
  }];
  const fakeQuant = start.requantize.length ? await fakeQuantPlan(start.floatBytes, start.requantize, ctx) : undefined;
  return trainAndReplace({
    model, student: decodeModel(start.floatBytes), options, ctx, data, keepZeros: start.pruned, fakeQuant, requantize: start.requantize, warnings,
  });
}

export const recover: Transform<TrainOptions> = { meta: recoverMeta, apply };
