// Which operators a removed channel can flow through. A channel-wise op computes output channel c from input
// channel c alone, so deleting channel c before it just deletes channel c after it.
import { text, type Text } from '../../i18n-text';

/** One data input (index 0); any other inputs are scalars (Clip min/max, Dropout ratio). */
export const UNARY = new Set([
  'Relu', 'LeakyRelu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Elu', 'Selu', 'Celu', 'Softplus',
  'Softsign', 'Gelu', 'Mish', 'ThresholdedRelu', 'Erf', 'Identity', 'Dropout', 'Cast', 'Clip', 'Abs', 'Neg', 'Exp',
  'Log', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Sign', 'Sin', 'Cos',
]);

/** Elementwise with broadcasting: every other input must be the same pruned tensor family or a constant. */
export const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'PRelu']);

/** Per-channel ops on NC... layouts (channel axis 1). */
export const POOLS = new Set(['MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'LpPool', 'GlobalLpPool']);

/** Normalizations whose parameter inputs (by index) are per-channel vectors to slice along axis 0. */
export const CHANNEL_PARAMS: Record<string, number[]> = {
  BatchNormalization: [1, 2, 3, 4],
  InstanceNormalization: [1, 2],
};

/** Why an op stops a channel, for the report. */
export function blockReason(op: string): Text {
  if (op === 'Concat' || op === 'Split') return text(`${op} joins or splits channels`, `${op} 会合并或拆分通道`);
  if (op === 'Shape' || op === 'Size') return text(`${op} reads the tensor's shape at run time`, `${op} 在运行时读取张量的形状`);
  if (op === 'Softmax' || op === 'LogSoftmax' || op.startsWith('Reduce') || op === 'LayerNormalization') return text(`${op} mixes channels`, `${op} 会混合通道`);
  if (op === 'Transpose' || op === 'Squeeze' || op === 'Unsqueeze' || op === 'Slice' || op === 'Gather') return text(`${op} moves or selects channels (not supported)`, `${op} 会移动或选取通道（不支持）`);
  return text(`${op} is not a supported channel-wise op`, `${op} 不是受支持的逐通道算子`);
}
