// Quality of a compressed random-weight model is its agreement with the fp32 model on the same input, nothing more:
// the relative error and cosine similarity of the outputs, and for decoders how often the most likely next token is
// the same at each prompt position (n = prompt length, Wilson 95% interval).
import { argmax } from '../classify';
import { wilson, type Interval } from '../confidence';

export interface Agreement {
  /** ‖variant − fp32‖ / ‖fp32‖ over the whole output. */
  relError: number;
  cosine: number;
  top1?: { rate: number; n: number; ci: Interval };
}

export function compareOutputs(reference: Float32Array, variant: Float32Array, rowLength?: number): Agreement {
  if (reference.length !== variant.length) throw new Error(`outputs differ in size: ${reference.length} vs ${variant.length}`);
  let diff = 0, ref = 0, dot = 0, out = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i], v = variant[i];
    diff += (v - r) * (v - r);
    ref += r * r;
    out += v * v;
    dot += r * v;
  }
  const agreement: Agreement = { relError: Math.sqrt(diff / (ref || 1)), cosine: dot / (Math.sqrt(ref * out) || 1) };
  if (rowLength) {
    const rows = reference.length / rowLength;
    let same = 0;
    for (let r = 0; r < rows; r++) {
      const at = (a: Float32Array) => argmax(a.subarray(r * rowLength, (r + 1) * rowLength));
      if (at(reference) === at(variant)) same++;
    }
    agreement.top1 = { rate: same / rows, n: rows, ci: wilson(same, rows) };
  }
  return agreement;
}
