// Reader for models/digits/eval.bin, the 2,000 held-out digits the bundled
// digits model was never trained on. Pure TS (no Node/DOM APIs) so both the
// browser app and Node scripts can use it.
//
// Layout: ASCII "DGT1" | uint32 LE n | n label bytes (0-9) | n*784 pixel bytes
// (0..255, row-major 28x28, ink = high values, as in MNIST).

export const DIGIT_EVAL_MAGIC = 'DGT1';
export const DIGIT_PIXELS = 28 * 28;
const HEADER_BYTES = 8;

export interface DigitEvalSet {
  n: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

/** Parses eval.bin; returned arrays are views into `bytes` (no copy). */
export function parseDigitEvalSet(bytes: Uint8Array): DigitEvalSet {
  if (bytes.length < HEADER_BYTES) {
    throw new Error(`digit eval set: ${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  }
  for (let i = 0; i < DIGIT_EVAL_MAGIC.length; i++) {
    if (bytes[i] !== DIGIT_EVAL_MAGIC.charCodeAt(i)) {
      const got = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new Error(`digit eval set: bad magic (expected "${DIGIT_EVAL_MAGIC}", got bytes ${got})`);
    }
  }
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const expected = HEADER_BYTES + n * (1 + DIGIT_PIXELS);
  if (bytes.length !== expected) {
    throw new Error(`digit eval set: header says n=${n}, so expected ${expected} bytes, got ${bytes.length}`);
  }
  const labels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + n);
  for (let i = 0; i < n; i++) {
    if (labels[i] > 9) throw new Error(`digit eval set: label ${labels[i]} at index ${i} is not a digit 0-9`);
  }
  return { n, labels, pixels: bytes.subarray(HEADER_BYTES + n, expected) };
}
