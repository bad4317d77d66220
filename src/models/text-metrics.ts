// Character error counting for OCR: Levenshtein distance over Unicode code points (so one Chinese character
// counts as one, not as two UTF-16 units).
export function characterErrors(predicted: string, expected: string): number {
  const a = [...predicted];
  const b = [...expected];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
