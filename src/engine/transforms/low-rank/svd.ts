// Truncated SVD of a weight matrix W (rows x cols) through the eigendecomposition of its smaller Gram matrix
// (WᵀW or WWᵀ, built in float64). The factors are W ≈ A·B with A = W·V_r and B = V_rᵀ (or A = U_r, B = U_rᵀ·W):
// a projection onto the top-r singular directions, so no division by small singular values ever happens and at
// full rank A·B = W up to float32 rounding.
//
// Accuracy: squaring W in the Gram matrix squares its condition number. With float64 this leaves singular values
// above ~1e-6·σmax accurate to ~1e-10 relative and their directions to ~1e-8; smaller ones are inaccurate, but
// those are exactly the ones a truncation drops. Tests check full-rank reconstruction to < 1e-5 relative error.
import { symmetricEigen } from './eigen';

export interface Spectrum {
  /** Squared singular values (σ²), descending, negative round-off clamped to 0. */
  energies: Float64Array;
  /** Σ w² computed from W directly (the total the energies should sum to). */
  total: number;
  /** Unit singular vectors of the smaller side, as rows (length `side`). */
  vectors: Float64Array;
  /** True when the vectors are right singular vectors (cols <= rows). */
  right: boolean;
  side: number;
}

export function spectrum(w: Float32Array, rows: number, cols: number): Spectrum {
  const right = cols <= rows;
  const side = right ? cols : rows;
  const gram = new Float64Array(side * side);
  if (right) {
    // G[i][j] = Σ_k W[k][i]·W[k][j], row by row of W so the inner loop is contiguous.
    for (let k = 0; k < rows; k++) {
      const base = k * cols;
      for (let i = 0; i < cols; i++) {
        const wi = w[base + i];
        if (wi === 0) continue;
        const g = i * side;
        for (let j = i; j < cols; j++) gram[g + j] += wi * w[base + j];
      }
    }
  } else {
    for (let i = 0; i < rows; i++) {
      for (let j = i; j < rows; j++) {
        let s = 0;
        for (let k = 0; k < cols; k++) s += w[i * cols + k] * w[j * cols + k];
        gram[i * side + j] = s;
      }
    }
  }
  for (let i = 0; i < side; i++) for (let j = 0; j < i; j++) gram[i * side + j] = gram[j * side + i];
  const { values, vectors } = symmetricEigen(gram, side);
  const energies = values.map((v) => (v > 0 ? v : 0));
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i] * w[i];
  return { energies, total, vectors, right, side };
}

/** Smallest rank whose energy reaches `fraction` of the total (differences below 1e-7 of it are float32 noise). */
export function rankForEnergy(s: Spectrum, fraction: number): number {
  const goal = fraction * s.total - 1e-7 * s.total;
  let sum = 0;
  for (let r = 0; r < s.energies.length; r++) {
    sum += s.energies[r];
    if (sum >= goal) return r + 1;
  }
  return s.energies.length;
}

export function keptEnergy(s: Spectrum, rank: number): number {
  let sum = 0;
  for (let r = 0; r < rank; r++) sum += s.energies[r];
  return s.total > 0 ? Math.min(1, sum / s.total) : 1;
}

/** A (rows x rank) and B (rank x cols), row-major float32. */
export function factors(w: Float32Array, rows: number, cols: number, s: Spectrum, rank: number): { a: Float32Array; b: Float32Array } {
  const a = new Float32Array(rows * rank);
  const b = new Float32Array(rank * cols);
  const v = s.vectors;
  if (s.right) {
    // A[k][j] = Σ_c W[k][c]·v_j[c];  B[j][c] = v_j[c]
    for (let k = 0; k < rows; k++) {
      for (let j = 0; j < rank; j++) {
        let sum = 0;
        for (let c = 0; c < cols; c++) sum += w[k * cols + c] * v[j * cols + c];
        a[k * rank + j] = sum;
      }
    }
    for (let j = 0; j < rank; j++) for (let c = 0; c < cols; c++) b[j * cols + c] = v[j * cols + c];
  } else {
    // A[k][j] = u_j[k];  B[j][c] = Σ_k u_j[k]·W[k][c]
    for (let k = 0; k < rows; k++) for (let j = 0; j < rank; j++) a[k * rank + j] = v[j * rows + k];
    const row = new Float64Array(cols);
    for (let j = 0; j < rank; j++) {
      row.fill(0);
      for (let k = 0; k < rows; k++) {
        const u = v[j * rows + k];
        if (u === 0) continue;
        for (let c = 0; c < cols; c++) row[c] += u * w[k * cols + c];
      }
      for (let c = 0; c < cols; c++) b[j * cols + c] = row[c];
    }
  }
  return { a, b };
}
