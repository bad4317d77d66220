// NaN and ±Inf in stored float tensors. A weight holding NaN poisons every output it touches, and quantization
// would hide it (a NaN scale rounds to 0, and the relative error of a NaN tensor prints as 0.000%), so the model
// summary names such tensors when a model is opened, and every technique leaves them exactly as they are and says so.
import { DataType, elementCount, tensorShape } from './tensor';
import { graphScopes } from './scopes';
import type { GraphProto, TensorProto } from './proto';

export interface NonFinite {
  nan: number;
  posInf: number;
  negInf: number;
}

const cache = new WeakMap<TensorProto, NonFinite>();

/** A typed view of raw_data, or of an aligned copy when the bytes start at an odd offset (views into the file). */
function view<T>(raw: Uint8Array, size: number, Type: new (b: ArrayBuffer, offset?: number, length?: number) => T): T {
  if (raw.byteOffset % size === 0) return new Type(raw.buffer as ArrayBuffer, raw.byteOffset, raw.byteLength / size);
  return new Type(new Uint8Array(raw).buffer as ArrayBuffer);
}

/** Counts by exponent bits: all ones means Inf (zero mantissa) or NaN. `expMask`/`manMask` select the fields. */
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
      case DataType.FLOAT:
        r = raw ? countBits(view(t.rawData, 4, Uint32Array), 0x7f800000, 0x007fffff, 0x80000000) : countValues(t.floatData);
        break;
      case DataType.FLOAT16:
        r = countBits(raw ? view(t.rawData, 2, Uint16Array) : t.int32Data, 0x7c00, 0x03ff, 0x8000);
        break;
      case DataType.BFLOAT16:
        r = countBits(raw ? view(t.rawData, 2, Uint16Array) : t.int32Data, 0x7f80, 0x007f, 0x8000);
        break;
      case DataType.DOUBLE:
        r = countValues(raw ? view(t.rawData, 8, Float64Array) : t.doubleData);
        break;
    }
  }
  cache.set(t, r);
  return r;
}

export function nonFiniteTotal(r: NonFinite): number {
  return r.nan + r.posInf + r.negInf;
}

/** "3 NaN values, 1 +Inf value": the plain-English part of report lines (the UI builds its own translated text). */
export function describeNonFinite(r: NonFinite): string {
  const parts: string[] = [];
  const add = (n: number, what: string) => n && parts.push(`${n} ${what} value${n === 1 ? '' : 's'}`);
  add(r.nan, 'NaN');
  add(r.posInf, '+Inf');
  add(r.negInf, '-Inf');
  return parts.join(', ');
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
