// Measured caveats several techniques share (TransformOutcome.caveats: shown next to the step's control).
import type { NonFiniteTensor } from '../onnx';
import type { Text } from '../i18n-text';

/** At most this many tensor names in one sentence. */
const NAMES_SHOWN = 4;

export function nameList(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).map((n) => `"${n}"`).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} +${names.length - NAMES_SHOWN}` : shown;
}

/**
 * Weights holding NaN or ±Inf are never compressed (a NaN scale rounds to 0 and would hide them): every technique
 * leaves them exactly as they are. This says so, with the counts, every time such a model is compressed.
 */
export function nonFiniteCaveat(tensors: readonly NonFiniteTensor[]): Text | undefined {
  if (!tensors.length) return undefined;
  const nan = tensors.reduce((n, t) => n + t.nan, 0);
  const inf = tensors.reduce((n, t) => n + t.posInf + t.negInf, 0);
  const names = nameList(tensors.map((t) => t.name));
  return {
    en: `${tensors.length} weight tensor${tensors.length > 1 ? 's' : ''} (${names}) hold${tensors.length > 1 ? '' : 's'} ${nan} NaN and ${inf} infinite values: this step left ${tensors.length > 1 ? 'them' : 'it'} exactly as ${tensors.length > 1 ? 'they are' : 'it is'}. Outputs that depend on ${tensors.length > 1 ? 'them' : 'it'} can be NaN with or without compression; fix the weights where the model was exported.`,
    zh: `${tensors.length} 个权重张量（${names}）含 ${nan} 个 NaN 和 ${inf} 个无穷大值：此步骤未改动它们。依赖这些权重的输出无论是否压缩都可能为 NaN；请在导出模型处修正权重。`,
  };
}
