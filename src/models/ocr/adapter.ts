// PP-OCRv4 recognition: input `x` [N,3,48,W] float32 in [-1,1], output [N, ceil(W/8), 6625] softmax over the CTC
// classes. The adapter is built from the dictionary text so scripts (Node, fs) and the app (bundled ?raw) share it.
import type { PlainTensor } from '../../engine/tensor-data';
import type { ModelAdapter, Prediction } from '../types';
import { buildCharset, ctcGreedyDecode } from './ctc';
import { parseOcrEvalSet, type OcrEvalLine } from './eval-set';
import { toRecTensor, type GrayImage } from './preprocess';

export const OCR_INPUT_NAME = 'x';

export interface OcrPrediction extends Prediction {
  /** Mean probability of the recognised characters. */
  confidence: number;
  /** The decoded text before trimming (PaddleOCR's raw output). */
  raw: string;
}

/** `dictText`: the contents of ppocr_keys_v1.txt. */
export function createOcrAdapter(dictText: string): ModelAdapter<GrayImage> {
  const charset = buildCharset(dictText, true);
  return {
    metric: 'cer',
    // Lines differ in width; batching pads them to the widest, which changes the short ones' input.
    batchSize: 1,
    toFeeds(inputs) {
      const { data, dims } = toRecTensor(inputs);
      return { [OCR_INPUT_NAME]: { type: 'float32', dims, data } };
    },
    decode: (outputs, count) => decodeOcr(outputs, count, charset),
    stratifiedBy: 'script-length',
    parseEvalSet: (bytes) => withStrata(parseOcrEvalSet(bytes)),
  };
}

/**
 * Strata for progressive evaluation: the line's script (its tag's kind: zh, en, num, mix) and whether it is longer
 * than that script's median line, since CER differs by script and long lines hold more of the characters.
 */
function withStrata(lines: OcrEvalLine[]) {
  const lengths = new Map<string, number[]>();
  const kindOf = (l: OcrEvalLine) => l.tag.split('|')[0];
  for (const l of lines) lengths.set(kindOf(l), [...(lengths.get(kindOf(l)) ?? []), [...l.label].length]);
  const medians = new Map([...lengths].map(([k, v]) => [k, [...v].sort((a, b) => a - b)[v.length >> 1]]));
  return lines.map((l) => ({ input: l.image, label: l.label, stratum: `${kindOf(l)}|${[...l.label].length > medians.get(kindOf(l))! ? 'long' : 'short'}` }));
}

export function decodeOcr(outputs: Record<string, PlainTensor>, count: number, charset: readonly string[]): OcrPrediction[] {
  const out = Object.values(outputs)[0];
  if (!out || out.type !== 'float32' || out.dims.length !== 3 || out.dims[0] !== count) {
    const got = out ? `${out.type} [${out.dims.join(', ')}]` : 'no output';
    throw new Error(`OCR decode: expected float32 [${count}, T, classes] probabilities, got ${got}`);
  }
  const [, steps, classes] = out.dims;
  const probs = out.data as Float32Array;
  return Array.from({ length: count }, (_, n) => {
    const r = ctcGreedyDecode(probs, steps, classes, charset, n * steps * classes);
    // scores: the per-timestep top probability, not all T x 6625 values (a megabyte per line), so agreement
    // with the fp32 model stays cheap; a changed character shows up in `label` anyway.
    // Trimmed: the model often emits a space at a line's ends (from the padding/margins); PaddleOCR's decoder keeps
    // it, but a one-line result never means it, and the eval labels never have one.
    return { label: r.text.trim(), raw: r.text, confidence: r.confidence, scores: r.stepMax };
  });
}
