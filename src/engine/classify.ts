// Turning a classifier's logits into what people read: probabilities and the top-k classes.
export interface ClassScore {
  index: number;
  label: string;
  probability: number;
}

export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

export function topK(logits: ArrayLike<number>, labels: readonly string[], k: number): ClassScore[] {
  if (logits.length !== labels.length) throw new Error(`model gave ${logits.length} scores for ${labels.length} labels`);
  const p = softmax(logits);
  return Array.from(p, (probability, index) => ({ index, label: labels[index], probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
