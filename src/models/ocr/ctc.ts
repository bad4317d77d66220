// CTC greedy decoding for PP-OCR recognition, following PaddleOCR's CTCLabelDecode (ppocr/postprocess/
// rec_postprocess.py): class 0 is the CTC blank, classes 1..K are the dictionary lines in order, and with
// use_space_char (on for ppocr_keys_v1) one last class is ' '. So ppocr_keys_v1.txt (6,623 lines) gives
// 1 + 6,623 + 1 = 6,625 classes, the model's output size. Pure TS.

/** Index = class id. charset[0] is the blank (''), the last entry is ' ' when useSpace. */
export function buildCharset(dictText: string, useSpace = true): string[] {
  // PaddleOCR strips "\n" / "\r\n" from each line and keeps everything else (no trim: a line may be a symbol).
  const lines = dictText.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const empty = lines.findIndex((l) => l === '');
  if (empty >= 0) throw new Error(`OCR dictionary: line ${empty + 1} is empty`);
  return ['', ...lines, ...(useSpace ? [' '] : [])];
}

export interface CtcResult {
  text: string;
  /** Mean probability of the kept characters (PaddleOCR's score); 0 for an empty result. */
  confidence: number;
  /** Highest class probability at every timestep (a compact summary of the raw output). */
  stepMax: Float32Array;
}

/**
 * Greedy CTC over one sample's [steps, classes] probabilities starting at `offset`: argmax per timestep,
 * merge consecutive repeats, then drop blanks (so "a a" needs a blank between the two a's).
 */
export function ctcGreedyDecode(probs: Float32Array, steps: number, classes: number, charset: readonly string[], offset = 0): CtcResult {
  if (charset.length !== classes) {
    throw new Error(`OCR decode: the model outputs ${classes} classes but the dictionary gives ${charset.length} (blank + keys + space)`);
  }
  if (probs.length < offset + steps * classes) throw new Error(`OCR decode: output has ${probs.length} values, needs ${offset + steps * classes}`);
  const stepMax = new Float32Array(steps);
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base];
    for (let c = 1; c < classes; c++) {
      if (probs[base + c] > bestP) {
        bestP = probs[base + c];
        best = c;
      }
    }
    stepMax[t] = bestP;
    if (best !== 0 && best !== previous) {
      text += charset[best];
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept ? sum / kept : 0, stepMax };
}
