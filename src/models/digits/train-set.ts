// Reader/writer for models/digits/train.bin, the 8,000 digits the bundled model was trained on (never the
// 2,000 of eval.bin), which recovery fine-tuning and distillation train on in the browser.
// Layout: ASCII "DGTZ" | raw DEFLATE (level 9) of the eval.bin layout ("DGT1" | n | labels | pixels): the
// pixels compress to about a fifth, which keeps all three models' training data far under the 5 MB budget.
import { deflateSync, inflateSync } from 'fflate';
import { parseDigitEvalSet, type DigitEvalSet } from './eval-set';

export const DIGIT_TRAIN_MAGIC = 'DGTZ';

export function encodeDigitTrainSet(evalLayout: Uint8Array): Uint8Array {
  const packed = deflateSync(evalLayout, { level: 9 });
  const out = new Uint8Array(4 + packed.length);
  out.set(new TextEncoder().encode(DIGIT_TRAIN_MAGIC), 0);
  out.set(packed, 4);
  return out;
}

export function parseDigitTrainSet(bytes: Uint8Array): DigitEvalSet {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== DIGIT_TRAIN_MAGIC) throw new Error(`digit training set: bad magic (expected "${DIGIT_TRAIN_MAGIC}", got "${magic}")`);
  let inner: Uint8Array;
  try {
    inner = inflateSync(bytes.subarray(4));
  } catch (e) {
    throw new Error(`digit training set: the compressed data is damaged (${(e as Error).message})`);
  }
  return parseDigitEvalSet(inner);
}
