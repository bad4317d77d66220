// NaN and ±Inf in stored float tensors. A weight holding NaN poisons every output it touches, and quantization
// would hide it (a NaN scale rounds to 0, and the relative error of a NaN tensor prints as 0.000%), so the model
// summary names such tensors when a model is opened, and every technique leaves them exactly as they are and says so.
import { DataType, elementCount, tensorShape } from './tensor';
import { graphScopes } from './scopes';
import type { GraphProto, TensorProto } from './proto';
import { joinText, type Text } from '../i18n-text';

export interface NonFinite {
  nan: number;
  posInf: number;
  negInf: number;
}

const cache = new WeakMap<TensorProto, NonFinite>();

/**
 * Counts over little-endian raw bytes without copying them (raw_data is a view into the file at any offset):
 * `size` bytes per value, the exponent in the top `hiMask`/`loMask` bits of the last two bytes.
 */
function countRaw(raw: Uint8Array, size: number, hiMask: number, loMask: number, isNaN: (at: number) => boolean): NonFinite {
  const r: NonFinite = { nan: 0, posInf: 0, negInf: 0 };
  for (let at = 0; at < raw.length; at += size) {
    const hi = raw[at + size - 1];
    if ((hi & hiMask) !== hiMask || (raw[at + size - 2] & loMask) !== loMask) continue;
    if (isNaN(at)) r.nan++;
    else if (hi & 0x80) r.negInf++;
    else r.posInf++;
  }
  return r;
}

/** Any mantissa bit set in the value at `at`: the mantissa's bits in the first bytes, and `lastMask` of byte `last`. */
const mantissa = (raw: Uint8Array, last: number, lastMask: number) => (at: number) => {
  for (let i = 0; i < last; i++) if (raw[at + i]) return true;
  return (raw[at + last] & lastMask) !== 0;
};

/** The same for the typed fields (fp16/bf16 bits in int32_data): `expMask` all ones is Inf or NaN. */
function countBits(words: ArrayLike<number>, expMask: number, manMask: number, signBit: number): NonFinite {
  const r: NonFinite = { nan: 0, posInf: 0, negInf: 0 };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if ((w & expMask) !== expMask) continue;
    if (w & manMask) r.nan++;
    else if (w & signBit) r.negInf++;
    else r.posInf++;
  }
  return r;
}

function countValues(values: ArrayLike<number>): NonFinite {
  const r: NonFinite = { nan: 0, posInf: 0, negInf: 0 };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) r.nan++;
    else if (v === Infinity) r.posInf++;
    else if (v === -Infinity) r.negInf++;
  }
  return r;
}

/** NaN and ±Inf counts of a float tensor (float32, float16, bfloat16, double); all zero for other types. */
export function nonFinite(t: TensorProto): NonFinite {
  const hit = cache.get(t);
  if (hit) return hit;
  const raw = t.rawData.length > 0;
  let r: NonFinite = { nan: 0, posInf: 0, negInf: 0 };
  if (elementCount(tensorShape(t)) > 0) {
    switch (t.dataType) {
      // exponent: float32 bits 30..23, float16 14..10, bfloat16 14..7, double 62..52
      case DataType.FLOAT:
        r = raw ? countRaw(t.rawData, 4, 0x7f, 0x80, mantissa(t.rawData, 2, 0x7f)) : countValues(t.floatData);
        break;
      case DataType.FLOAT16:
        r = raw ? countRaw(t.rawData, 2, 0x7c, 0x00, mantissa(t.rawData, 1, 0x03)) : countBits(t.int32Data, 0x7c00, 0x03ff, 0x8000);
        break;
      case DataType.BFLOAT16:
        r = raw ? countRaw(t.rawData, 2, 0x7f, 0x80, mantissa(t.rawData, 0, 0x7f)) : countBits(t.int32Data, 0x7f80, 0x007f, 0x8000);
        break;
      case DataType.DOUBLE:
        r = raw ? countRaw(t.rawData, 8, 0x7f, 0xf0, mantissa(t.rawData, 6, 0x0f)) : countValues(t.doubleData);
        break;
    }
  }
  cache.set(t, r);
  return r;
}

export function nonFiniteTotal(r: NonFinite): number {
  return r.nan + r.posInf + r.negInf;
}

/** "3 NaN values, 1 +Inf value" in both languages. */
export function describeNonFiniteText(r: NonFinite): Text {
  const parts: Text[] = [];
  const add = (n: number, what: string) => n && parts.push({ en: `${n} ${what} value${n === 1 ? '' : 's'}`, zh: `${n} 个 ${what} 值` });
  add(r.nan, 'NaN');
  add(r.posInf, '+Inf');
  add(r.negInf, '-Inf');
  return joinText(parts, { en: ', ', zh: '、' });
}

export interface NonFiniteTensor extends NonFinite {
  name: string;
  /** The subgraph holding it (see GraphScope.label); '' for the main graph. */
  graph: string;
}

/** Every stored float constant of the model (initializers and Constant values, in every graph) holding NaN or ±Inf. */
export function findNonFinite(main: GraphProto): NonFiniteTensor[] {
  const out: NonFiniteTensor[] = [];
  for (const scope of graphScopes(main)) {
    const add = (name: string, t: TensorProto) => {
      const r = nonFinite(t);
      if (nonFiniteTotal(r)) out.push({ name, graph: scope.label, ...r });
    };
    for (const t of scope.graph.initializer) add(t.name, t);
    for (const n of scope.graph.node) {
      const t = n.opType === 'Constant' ? n.attribute.find((a) => a.name === 'value')?.t : undefined;
      if (t) add(n.output[0], t);
    }
  }
  return out;
}
