// The compute-bound reference workload: one fp32 MatMul Y[M,N] = X[M,K] · W[K,N] (W a constant, so both runtimes
// pre-pack it), built from code so the browser page and onnxruntime-node time the same bytes. Its GFLOP/s on one
// thread shows the instruction-set limit: WASM SIMD is 128-bit without FMA, native MLAS uses AVX2/AVX-512 FMA.
import { create, DataType, encodeModel, makeNode, makeTensor } from '../engine/onnx';
import { mulberry32 } from '../engine/random';

export interface GemmShape {
  m: number;
  n: number;
  k: number;
}

/** 1024³: 2.1 GFLOP a run, tens of ms on one core: far from the per-run fixed costs that dominate tiny models. */
export const GEMM_SHAPE: GemmShape = { m: 1024, n: 1024, k: 1024 };

export const gemmFlops = (s: GemmShape) => 2 * s.m * s.n * s.k;

/** GFLOP/s from a run's median time. */
export const gflops = (s: GemmShape, medianMs: number) => gemmFlops(s) / (medianMs * 1e6);

export function gemmModel(s: GemmShape = GEMM_SHAPE): Uint8Array {
  const rand = mulberry32(20250101);
  const w = Float32Array.from({ length: s.k * s.n }, () => rand() * 2 - 1);
  const info = (name: string, dims: number[]) =>
    create.valueInfo({ name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
  const graph = create.graph({
    name: 'gemm',
    node: [makeNode({ opType: 'MatMul', inputs: ['X', 'W'], outputs: ['Y'], name: 'matmul' })],
    initializer: [makeTensor('W', DataType.FLOAT, [s.k, s.n], w)],
    input: [info('X', [s.m, s.k])],
    output: [info('Y', [s.m, s.n])],
  });
  return encodeModel(create.model({ irVersion: 8, producerName: 'modellab-bench', graph, opsetImport: [create.opset({ domain: '', version: 17 })] }));
}
