// Every committed model under models/ (found at test time), through every quantization technique with its default
// options: the result must load in ORT with the same inputs/outputs and stay close to the float32 model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyTechnique, compareWithReference } from '../helpers/quant-apply';
import { argmaxAgreement, cosine, onnxFilesUnder, ortRunner, randomFeeds } from '../helpers/quant-ort';

// Tolerance: cosine similarity of every float output with the float32 reference (random inputs, batch 4).
const MIN_COSINE: Record<string, number> = { fp16: 0.999, 'int8-dynamic': 0.99, 'int8-qdq': 0.98, int4: 0.98 };

const files = onnxFilesUnder('models');

describe.skipIf(!files.length)('quantizing the committed models', () => {
  for (const file of files) {
    for (const id of Object.keys(MIN_COSINE)) {
      it(`${id} on ${file}`, async () => {
        const bytes = new Uint8Array(readFileSync(file));
        const ctx = { calibration: Array.from({ length: 8 }, (_, i) => randomFeeds(bytes, 50 + i, 2)), runner: ortRunner };
        const { bytes: out, outcome } = await applyTechnique(id, bytes, {}, ctx);
        expect(outcome.layers.length + outcome.warnings.length).toBeGreaterThan(0); // it reports what it did
        const pairs = await compareWithReference(bytes, out, randomFeeds(bytes, 1, 4));
        for (const { ref, got } of Object.values(pairs)) {
          expect(cosine(ref, got)).toBeGreaterThanOrEqual(MIN_COSINE[id]);
          const classes = ref.length / 4;
          if (classes <= 1000) expect(argmaxAgreement(ref, got, classes)).toBeGreaterThanOrEqual(0.75);
        }
      });
    }
  }
});
