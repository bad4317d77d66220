// The float arrays the training kernels work on: Float32Array for training, Float64Array for gradient checks
// (where float32 rounding would drown the finite differences). Each kernel takes either; a process that only
// trains sees only Float32Array, so V8 keeps the loops monomorphic.
export type Vec = Float32Array | Float64Array;
export type VecCtor = Float32ArrayConstructor | Float64ArrayConstructor;

export function addInto(dst: Vec, src: Vec): void {
  for (let i = 0; i < dst.length; i++) dst[i] += src[i];
}
