import { describe, expect, it } from 'vitest';
import { applyRecipe } from '../../../../src/engine/pipeline';
import { encodeModel } from '../../../../src/engine/onnx';
import { getTransform } from '../../../../src/engine/transforms';
import { resolveOptions } from '../../../../src/engine/transforms/options';
import { PRUNING_TRANSFORMS } from '../../../../src/engine/transforms/pruning';
import type { Text } from '../../../../src/engine/i18n-text';
import { convBnNet } from '../helpers/prune-nets';
import { randomFeeds, runDims, runOrt } from '../helpers/ort';

const CJK = /[\u4e00-\u9fff]/;

function texts(meta: (typeof PRUNING_TRANSFORMS)[number]['meta']): Text[] {
  return [
    meta.label, meta.summary, ...meta.caveats.map((c) => c.text),
    ...meta.options.flatMap((o) => [o.label, ...(o.help ? [o.help] : []), ...(o.kind === 'select' ? o.choices.map((c) => c.label) : [])]),
  ];
}

describe('pruning techniques registry', () => {
  it('registers the three techniques in order', () => {
    expect(PRUNING_TRANSFORMS.map((t) => t.meta.id)).toEqual(['prune-unstructured', 'prune-structured', 'low-rank']);
    for (const t of PRUNING_TRANSFORMS) expect(getTransform(t.meta.id)).toBe(t);
  });

  for (const t of PRUNING_TRANSFORMS) {
    it(`${t.meta.id}: defaults match the option schema; all text has English and Chinese`, () => {
      expect(Object.keys(t.meta.defaults).sort()).toEqual(t.meta.options.map((o) => o.key).sort());
      expect(resolveOptions(t.meta, {})).toEqual(t.meta.defaults);
      expect(resolveOptions(t.meta, t.meta.defaults)).toEqual(t.meta.defaults);
      for (const text of texts(t.meta)) {
        expect(text.en.trim().length).toBeGreaterThan(0);
        expect(text.zh).toMatch(CJK);
      }
      const number = t.meta.options.find((o) => o.kind === 'number')!;
      expect(() => resolveOptions(t.meta, { [number.key]: 1000 })).toThrow(number.key);
    });
  }

  it('unstructured pruning states that only the gzip size shrinks', () => {
    const caveats = getTransform('prune-unstructured').meta.caveats.map((c) => c.text.en).join(' ');
    expect(caveats).toMatch(/no sparse kernels/);
    expect(caveats).toMatch(/only the gzip/);
  });

  it('chains all three in one recipe (each step re-decodes the previous bytes) and the result runs', async () => {
    const result = await applyRecipe(encodeModel(convBnNet()), [
      { transform: 'prune-structured', options: { rate: 25 } },
      { transform: 'low-rank', options: { mode: 'rank', rank: 50 } },
      { transform: 'prune-unstructured', options: { rate: 50 } },
    ]);
    expect(result.steps.map((s) => s.transform)).toEqual(['prune-structured', 'low-rank', 'prune-unstructured']);
    expect(result.after.gzip).toBeLessThan(result.before.gzip);
    const out = await runOrt(result.bytes, randomFeeds(result.bytes, 5, 1, { X: [2, 3, 8, 8] }));
    expect(runDims(out).Y).toEqual([2, 5]);
  });
});
