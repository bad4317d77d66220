// Re-checks the committed digits model without retraining: loads
// models/digits/model.onnx + eval.bin, runs onnxruntime-web (WASM) on the
// held-out digits and compares with the TS forward pass using the weights
// read back from the ONNX file. Usage: npx tsx scripts/eval-digits.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDigitEvalSet } from '../src/models/digits/eval-set';
import { assertAgreement, evaluateWithOrt, formatReport } from './train/evaluate';
import { predictLogits } from './train/trainer';

const dir = fileURLToPath(new URL('../models/digits/', import.meta.url));

async function main(): Promise<void> {
  const modelBytes = new Uint8Array(readFileSync(dir + 'model.onnx'));
  const set = parseDigitEvalSet(new Uint8Array(readFileSync(dir + 'eval.bin')));
  const reference = predictLogits(modelBytes, set.pixels, set.n);
  const report = await evaluateWithOrt(modelBytes, set, reference);
  console.log(formatReport(report));
  assertAgreement(report);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
