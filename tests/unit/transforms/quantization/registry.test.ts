import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../../src/engine/onnx';
import { applyRecipe } from '../../../../src/engine/pipeline';
import { QUANTIZATION_TRANSFORMS } from '../../../../src/engine/transforms/quantization';
import { resolveOptions } from '../../../../src/engine/transforms/options';
import type { Text } from '../../../../src/engine/i18n-text';
import { mlpModel } from '../helpers/quant-nets';
import { ortRunner, randomFeeds, runOrt } from '../helpers/ort';

const texts = (t: (typeof QUANTIZATION_TRANSFORMS)[number]): Text[] => [
  t.meta.label, t.meta.summary, ...t.meta.caveats.map((c) => c.text),
  ...t.meta.options.flatMap((o) => [o.label, ...(o.help ? [o.help] : []), ...(o.kind === 'select' ? o.choices.map((c) => c.label) : [])]),
];

describe('quantization registry', () => {
  it('registers the four techniques in UI order', () => {
    expect(QUANTIZATION_TRANSFORMS.map((t) => t.meta.id)).toEqual(['fp16', 'int8-dynamic', 'int8-qdq', 'int4']);
  });

  for (const t of QUANTIZATION_TRANSFORMS) {
    it(`${t.meta.id}: every user-facing text is in English and Chinese, and the defaults pass the option checks`, () => {
      for (const x of texts(t)) {
        expect(x.en.trim().length).toBeGreaterThan(0);
        expect(x.zh).toMatch(/[\u4e00-\u9fff]|^[\d\s.]+$/); // Chinese, or a plain number such as a block size
      }
      expect(resolveOptions(t.meta, {})).toEqual(t.meta.defaults);
      expect(resolveOptions(t.meta, t.meta.defaults)).toEqual(t.meta.defaults);
    });
  }

  it('runs each technique through the pipeline (applyRecipe) and the result still loads in ORT', async () => {
    const bytes = encodeModel(mlpModel());
    const calibration = Array.from({ length: 8 }, (_, i) => randomFeeds(bytes, i, 2));
    for (const transform of ['fp16', 'int8-dynamic', 'int8-qdq', 'int4'] as const) {
      const result = await applyRecipe(bytes, [{ transform }], { calibration, runner: ortRunner });
      expect(result.steps[0].paramsChanged).toBeGreaterThan(0);
      expect(result.after.raw).toBeLessThan(result.before.raw);
      await runOrt(new Uint8Array(result.bytes), randomFeeds(bytes, 9, 2));
      expect(decodeModel(new Uint8Array(result.bytes)).graph!.output.map((o) => o.name)).toEqual(['Y']);
    }
  });
});
