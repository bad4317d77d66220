// The report of a training step: one row per layer whose weights it trained, and a summary line (steps, time,
// loss and agreement with the teacher, what it held fixed) in both languages.
import type { Text } from '../../i18n-text';
import { consumerMap, tensorDataBytes, type ModelProto } from '../../onnx';
import type { TrainingSet } from '../../train/data';
import type { DistillResult } from '../../train/distill';
import { pct } from '../prune-common/format';
import type { AppliedStep, LayerReport, TransformOutcome } from '../types';
import type { TrainOptions } from './options';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * Bytes a trained tensor takes in the step's result: itself, or after re-applied quantization the tensors the
 * quantization step stored in its place (they are named after it: W_Q4 and W_scales, W_quantized and W_scale...).
 */
function storedBytes(final: ModelProto, name: string): number {
  return final.graph!.initializer.filter((t) => t.name === name || t.name.startsWith(`${name}_`)).reduce((n, t) => n + tensorDataBytes(t), 0);
}

export function trainingReport(student: ModelProto, final: ModelProto, result: DistillResult, data: TrainingSet, o: TrainOptions, requantize: AppliedStep[], warnings: Text[], extra: LayerReport[]): TransformOutcome {
  const { summary: s } = result;
  if (!s) {
    return { layers: extra, warnings: [...warnings, {
      en: 'Every layer this step could train is kept as it is (excluded): nothing was trained.',
      zh: '此步骤可训练的每一层都被保留原样（已排除）：没有进行训练。',
    }] };
  }
  const graph = student.graph!;
  const sizes = new Map(graph.initializer.map((t) => [t.name, t.dims.reduce((a, b) => a * Number(b), 1)]));
  const readers = consumerMap(graph);
  const fq = new Set(result.fakeQuantized);
  const byNode = new Map<string, { op: string; values: number; bytes: number; quantized: boolean }>();
  for (const name of result.trained) {
    const node = readers.get(name)?.[0];
    const key = node ? node.name || node.output[0] : name;
    const row = byNode.get(key) ?? { op: node?.opType ?? '', values: 0, bytes: 0, quantized: false };
    row.values += sizes.get(name) ?? 0;
    row.bytes += storedBytes(final, name);
    row.quantized ||= fq.has(name);
    byNode.set(key, row);
  }
  const quant = requantize.map((q) => q.transform).join(' + ');
  const layers: LayerReport[] = [...extra, ...[...byNode].map(([node, r]) => ({
    node, op: r.op, action: 'changed' as const,
    detail: {
      en: `trained ${n(r.values)} values${r.quantized ? `, through simulated ${quant}` : ''}`,
      zh: `训练了 ${n(r.values)} 个值${r.quantized ? `，经过模拟的 ${quant}` : ''}`,
    },
    paramsBefore: r.values, paramsAfter: r.values, bytesBefore: r.bytes, bytesAfter: r.bytes,
  }))];
  const epochs = s.samples / data.count;
  const unlabelled = data.labels.every((l) => l < 0);
  const auto = Number(o.learningRate) > 0 ? '' : ' (auto)';
  const lines: Text[] = [{
    en: `Trained ${n(s.steps)} steps of ${s.batchSize} (${epochs.toFixed(1)} passes over ${data.description.en}) in ${s.seconds.toFixed(1)} s at learning rate ${s.learningRate}${auto}: loss ${s.lossStart.toPrecision(3)} → ${s.lossEnd.toPrecision(3)}; top class as the teacher's on training batches ${pct(s.agreementStart, 1)} → ${pct(s.agreementEnd, 1)}. Measure the pane for the accuracy on the eval set.`,
    zh: `训练 ${n(s.steps)} 步，每步 ${s.batchSize} 个样本（在${data.description.zh}上共 ${epochs.toFixed(1)} 轮），用时 ${s.seconds.toFixed(1)} 秒，学习率 ${s.learningRate}${auto ? '（自动）' : ''}：损失 ${s.lossStart.toPrecision(3)} → ${s.lossEnd.toPrecision(3)}；训练批次上与教师模型首选类别一致的比例 ${pct(s.agreementStart, 1)} → ${pct(s.agreementEnd, 1)}。在窗格中点“测量”查看评估集上的准确率。`,
  }];
  if (s.frozenZeros) {
    lines.push({
      en: `Kept ${n(s.frozenZeros)} pruned weights at exactly zero, so the sparsity is unchanged.`,
      zh: `${n(s.frozenZeros)} 个已剪枝的权重保持为零，稀疏度不变。`,
    });
  }
  if (requantize.length) {
    lines.push({
      en: `Quantization-aware: trained the float weights ${quant} started from, with ${s.fakeQuantized} weight tensors seen as ${quant} stores them (simulated), then applied ${quant} again with the same options: same operators and size. Activation quantization is not simulated.`,
      zh: `量化感知：训练 ${quant} 之前的浮点权重，训练时 ${s.fakeQuantized} 个权重张量以 ${quant} 存储后的数值参与计算（模拟量化），然后用相同选项重新执行 ${quant}：算子和大小不变。未模拟激活量化。`,
    });
  }
  if (unlabelled && o.labelledWeight > 0) {
    lines.push({
      en: `This training set has no labels (${data.description.en}): it learns from the teacher only, so "labelled weight" had no effect.`,
      zh: `此训练集没有标签（${data.description.zh}）：只从教师模型学习，因此“标注损失权重”不起作用。`,
    });
  }
  if (s.stoppedBy === 'time') {
    lines.push({
      en: `Stopped by the ${o.seconds} s time budget after ${n(s.steps)} steps: another device, or this one under other load, trains a different number of steps and gives different bytes. Choose a step budget for a reproducible result.`,
      zh: `按 ${o.seconds} 秒的时间预算在 ${n(s.steps)} 步后停止：换一台设备或在不同负载下，训练步数不同，得到的字节也不同。要得到可复现的结果，请选择步数预算。`,
    });
  }
  return { layers, warnings: [...warnings, ...lines], training: s };
}
