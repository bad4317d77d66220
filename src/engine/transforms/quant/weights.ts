// Weight-array helpers shared by the quantization techniques.

/** Transposes a row-major [rows, cols] matrix (Gemm transB weights [N,K] -> [K,N], MatMul [K,N] -> [N,K]). */
export function transpose2d(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[row + c];
  }
  return out;
}
