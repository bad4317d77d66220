// The ridge solver against a direct solve written here, its residual against a second pass over the rows, and
// its refusal of a singular system.
import { describe, expect, it } from 'vitest';
import { SingularSystemError, choleskySolve, solveRidge } from '../../../src/engine/transforms/layer-fit/solve';
import { ridgeReference, seeded } from './graphs';

describe('ridge least squares (float64, Cholesky)', () => {
  const rows = 40, k = 5, m = 3;
  const x = seeded(rows * k, 7);
  for (let r = 0; r < rows; r++) x[r * k + k - 1] = 1; // bias column
  const y = seeded(rows * m, 8);
  const w0 = Float64Array.from(seeded(k * m, 9));

  it('matches the closed-form solution and its residual', () => {
    const fit = solveRidge({ x, y, rows, k, m, w0, unpenalized: new Set([k - 1]), lambda: 0.1 });
    const a = Array.from({ length: rows }, (_, r) => Array.from(x.subarray(r * k, r * k + k)));
    const t = Array.from({ length: rows }, (_, r) => Array.from(y.subarray(r * m, r * m + m)));
    const want = ridgeReference(a, t, Array.from({ length: k }, (_, i) => Array.from(w0.subarray(i * m, i * m + m))), 0.1, k - 1);
    expect(Math.max(...Array.from(fit.w, (v, i) => Math.abs(v - want.flat()[i])))).toBeLessThan(1e-10);
    let direct = 0;
    for (let r = 0; r < rows; r++) for (let c = 0; c < m; c++) direct += (a[r].reduce((s, v, i) => s + v * fit.w[i * m + c], 0) - t[r][c]) ** 2;
    expect(fit.residual).toBeCloseTo(direct, 9);
  });

  it('refuses a singular system instead of returning garbage', () => {
    expect(() => choleskySolve(Float64Array.from([1, 1, 1, 1]), 2, Float64Array.from([1, 2]), 1)).toThrow(SingularSystemError);
  });
});
