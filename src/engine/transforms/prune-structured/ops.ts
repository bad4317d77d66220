// Which operators a removed channel can flow through. A channel-wise op computes output channel c from input
// channel c alone, so deleting channel c before it just deletes channel c after it.

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
export function blockReason(op: string): string {
  if (op === 'Concat' || op === 'Split') return `${op} joins or splits channels`;
  if (op === 'Shape' || op === 'Size') return `${op} reads the tensor's shape at run time`;
  if (op === 'Softmax' || op === 'LogSoftmax' || op.startsWith('Reduce') || op === 'LayerNormalization') return `${op} mixes channels`;
  if (op === 'Transpose' || op === 'Squeeze' || op === 'Unsqueeze' || op === 'Slice' || op === 'Gather') return `${op} moves or selects channels (not supported)`;
  return `${op} is not a supported channel-wise op`;
}
