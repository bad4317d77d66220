// In 中文 mode the per-layer reports are Chinese: every technique, on the digits CNN and the sentiment Transformer,
// gives each report row, warning and caveat a Chinese text (not a copy of the English one).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressRecipe } from '../../../src/engine/pipeline';
import { TRANSFORMS } from '../../../src/engine/transforms';
import { digitsAdapter } from '../../../src/models/digits/adapter';
import { createRunner } from '../../../src/runtime/ort';

const han = /\p{Script=Han}/u;
const MODELS = { digits: 'models/digits/model.onnx', sentiment: 'models/sentiment/model.onnx' };
const calibration = digitsAdapter.parseEvalSet(new Uint8Array(readFileSync('models/digits/eval.bin'))).slice(0, 4).map((s) => digitsAdapter.toFeeds([s.input]));

describe('layer reports in Chinese', () => {
  for (const [name, path] of Object.entries(MODELS)) {
    it(`every technique's report rows on the ${name} model`, async () => {
      const bytes = new Uint8Array(readFileSync(path));
      let rows = 0;
      for (const t of TRANSFORMS) {
        if (t.meta.id === 'int8-qdq' && name !== 'digits') continue; // calibration samples are digits
        const result = await compressRecipe(bytes, [{ transform: t.meta.id, options: {} }], { calibration, runner: createRunner({ backend: 'wasm' }) });
        for (const step of result.steps) {
          for (const l of step.layers) {
            rows++;
            // "float16" alone (the small-constants row) is a format name in both languages.
            if (l.detail.en !== 'float16') expect(l.detail.zh, `${t.meta.id} ${l.node}: ${l.detail.en}`).toMatch(han);
          }
          for (const w of [...step.warnings, ...(step.caveats ?? [])]) expect(w.zh, w.en).toMatch(han);
        }
      }
      expect(rows).toBeGreaterThan(10);
    }, 60_000);
  }
});
