// Which eval samples calibrate a technique that runs the model (training-free recovery). Eval sets are often
// sorted (the language-ID set is grouped by language), so the first n samples can all be one class: instead, n
// samples evenly spread over the set, in an order where every prefix is spread too (van der Corput order), so a
// technique that stops after its first few samples still sees the whole set.
import type { Text } from '../engine/i18n-text';

/** Indices of `n` samples spread over `total`, prefix-spread order (every prefix covers the whole range). */
export function calibrationIndices(total: number, n: number): number[] {
  const count = Math.min(total, Math.max(0, Math.floor(n)));
  const even = Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * total) / count));
  let bits = 0;
  while (1 << bits < count) bits++;
  const order: number[] = [];
  for (let j = 0; j < 1 << bits; j++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (j & (1 << b)) r |= 1 << (bits - 1 - b);
    if (r < count) order.push(even[r]);
  }
  return order;
}

/** Where the calibration samples come from, e.g. "taken evenly from the 2,000 eval samples; they are scored too". */
export function calibrationNote(total: number, labelled: boolean): Text {
  if (!labelled) {
    return {
      en: 'synthetic inputs: random values shaped like the model\'s inputs, the same ones agreement with fp32 is measured on, so agreement after a fit is optimistic',
      zh: '合成输入：与模型输入形状相同的随机值，与 fp32 的一致率也在这些输入上测量，因此拟合后的一致率偏乐观',
    };
  }
  const t = total.toLocaleString('en-US');
  return { en: `taken evenly from the ${t} eval samples; they are scored too`, zh: `从 ${t} 个评估样本中均匀选取；它们也参与评分` };
}
