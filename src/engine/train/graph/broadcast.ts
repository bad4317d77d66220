// NumPy-style broadcasting as index maps: for an output of shape `out`, map[i] is the flat index of the input
// element that output element i reads. Shapes repeat from step to step, so maps are cached.
import { sizeOf } from './tensor';

export function broadcastDims(...shapes: readonly number[][]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1) {
        if (d !== 1 && d !== v) throw new Error(`shapes [${shapes.map((x) => x.join(',')).join('] and [')}] do not broadcast`);
        d = v;
      }
    }
    out.push(d);
  }
  return out;
}

const cache = new Map<string, Int32Array>();
const CACHE_LIMIT = 256;

/**
 * Walks `dims` in row-major order and gives, for each element, Σ index[axis] * strides[axis]: the flat offset
 * of the element it reads (or writes) in another tensor. Broadcasts (stride 0), transposes (permuted strides)
 * and reductions (stride 0 on reduced axes) are all such walks.
 */
export function stridedOffsets(dims: readonly number[], strides: readonly number[]): Int32Array {
  const rank = dims.length;
  const n = sizeOf(dims);
  const map = new Int32Array(n);
  const idx = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < n; i++) {
    map[i] = at;
    for (let a = rank - 1; a >= 0; a--) {
      idx[a]++;
      at += strides[a];
      if (idx[a] < dims[a]) break;
      at -= strides[a] * dims[a];
      idx[a] = 0;
    }
  }
  return map;
}

/** Index map from `out` into an input of shape `input` (broadcast to `out`); null when the shapes are equal. */
export function indexMap(out: readonly number[], input: readonly number[]): Int32Array | null {
  if (out.length === input.length && out.every((d, i) => d === input[i])) return null;
  const key = `${out.join(',')}|${input.join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rank = out.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = input.length - 1; i >= 0; i--) {
    const axis = rank - input.length + i;
    strides[axis] = input[i] === 1 ? 0 : s;
    s *= input[i];
  }
  const map = stridedOffsets(out, strides);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, map);
  return map;
}

/** Sums a gradient of shape `out` back to a broadcast input's shape. */
export function reduceTo<V extends Float32Array | Float64Array>(g: V, out: readonly number[], input: readonly number[]): V {
  const map = indexMap(out, input);
  if (!map) return g;
  const r = new (g.constructor as { new (n: number): V })(sizeOf(input));
  for (let i = 0; i < g.length; i++) r[map[i]] += g[i];
  return r;
}
