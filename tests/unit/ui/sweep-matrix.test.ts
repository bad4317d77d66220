import { describe, expect, it } from 'vitest';
import { getTransform } from '../../../src/engine/transforms';
import { resolveOptions } from '../../../src/engine/transforms/options';
import { DEFAULT_MATRIX } from '../../../src/ui/sweep/matrix';

describe('default sweep matrix', () => {
  it('has unique ids, both languages, and options every technique accepts', () => {
    expect(new Set(DEFAULT_MATRIX.map((r) => r.id)).size).toBe(DEFAULT_MATRIX.length);
    for (const row of DEFAULT_MATRIX) {
      expect(row.label.en.trim(), row.id).not.toBe('');
      expect(row.label.zh.trim(), row.id).not.toBe('');
      for (const step of row.recipe) expect(() => resolveOptions(getTransform(step.transform).meta, step.options), row.id).not.toThrow();
    }
  });

  it('covers the baseline, every technique, and the pruning rates the issue asks for', () => {
    expect(DEFAULT_MATRIX[0]).toMatchObject({ id: 'fp32', recipe: [] });
    const used = new Set(DEFAULT_MATRIX.flatMap((r) => r.recipe.map((s) => s.transform)));
    expect([...used].sort()).toEqual(['distill', 'fp16', 'int4', 'int8-dynamic', 'int8-qdq', 'low-rank', 'prune-structured', 'prune-unstructured', 'recover']);
    // Rows that train are opt-in: a default sweep stays quick and works for uploads.
    expect(DEFAULT_MATRIX.filter((r) => r.optIn).map((r) => r.id)).toEqual(['prune-structured-50-recover', 'distill-25']);
    const rates = (t: string) => DEFAULT_MATRIX.filter((r) => !r.optIn).flatMap((r) => r.recipe.filter((s) => s.transform === t).map((s) => s.options?.rate));
    expect(rates('prune-unstructured')).toEqual([25, 50, 75]);
    expect(rates('prune-structured')).toEqual([25, 50, 75]);
    const qdq = DEFAULT_MATRIX.flatMap((r) => r.recipe.filter((s) => s.transform === 'int8-qdq').map((s) => s.options?.granularity));
    expect(qdq).toEqual(['per-tensor', 'per-channel']);
  });
});
