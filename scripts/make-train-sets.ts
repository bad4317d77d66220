// Writes the training sets that in-browser recovery and distillation train on, never the eval sets:
//   models/digits/train.bin     the 8,000 training digits of scripts/train-digits.ts's split (deflated)
//   models/sentiment/train.json the training split of scripts/train-sentiment.ts: [{text, label}]
//   models/langid/train.json    UDHR paragraphs of the evaluated translations that eval.json does not hold: [{text, udhr}]
// Deterministic (same splits and seeds as the model scripts). Usage (repo root): npx tsx scripts/make-train-sets.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/engine/random';
import { encodeDigitTrainSet } from '../src/models/digits/train-set';
import { LANGID_LABELS } from '../src/models/langid/labels';
import { UDHR_FILE, udhrParagraphs } from './make-langid-eval';
import { DIGITS_SPLIT, encodeDigitEvalSet, loadMnistPackage, splitTrainEval } from './train/data';
import { loadSentences, SENTIMENT_LABELS, SENTIMENT_SPLIT, stratifiedSplit } from './train-sentiment/data';

const root = fileURLToPath(new URL('..', import.meta.url));

function write(rel: string, bytes: Uint8Array | string): void {
  writeFileSync(join(root, rel), bytes);
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  console.log(`wrote ${rel} (${size} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}…)`);
}

function digits(): void {
  const { train } = splitTrainEval(loadMnistPackage(), DIGITS_SPLIT.evalCount, mulberry32(DIGITS_SPLIT.seed));
  write('models/digits/train.bin', encodeDigitTrainSet(encodeDigitEvalSet(train)));
  console.log(`  digits: ${train.n} training digits`);
}

function sentiment(): void {
  const { kept } = stratifiedSplit(loadSentences().sentences, SENTIMENT_SPLIT.testShare, SENTIMENT_SPLIT.seed);
  write('models/sentiment/train.json', JSON.stringify(kept.map((s) => ({ text: s.text, label: SENTIMENT_LABELS[s.label] }))));
  console.log(`  sentiment: ${kept.length} training sentences`);
}

function langid(): void {
  const evalTexts = new Set((JSON.parse(readFileSync(join(root, 'models/langid/eval.json'), 'utf8')) as { text: string }[]).map((r) => r.text));
  const udhrDir = join(dirname(createRequire(import.meta.url).resolve('udhr')), 'declaration');
  const rows: string[] = [];
  for (const label of LANGID_LABELS) {
    if (label === 'ckb') continue; // as make-langid-eval: udhr's ckb is not the script lande learned
    const file = UDHR_FILE[label];
    const seen = new Set<string>();
    for (const text of udhrParagraphs(readFileSync(join(udhrDir, `${file}.html`), 'utf8'))) {
      if (evalTexts.has(text) || seen.has(text)) continue;
      seen.add(text);
      rows.push(JSON.stringify({ text, udhr: file }));
    }
  }
  write('models/langid/train.json', `[\n${rows.join(',\n')}\n]\n`);
  console.log(`  language ID: ${rows.length} paragraphs (unlabelled; crops are added when the app reads the file)`);
}

digits();
sentiment();
langid();
