// The training-based recovery rows of the bench (issue 12 parts 1 and 3): each compression alone, then with
// recovery fine-tuning (or as a distilled student), every quality measured with onnxruntime-web on the model's
// full eval set, every recovery timed (wall and CPU) with the load average beside it. In Node, one thread: the
// same engine code the pane's worker runs. Deterministic step budgets, so the bytes (and qualities) repeat.
// Run as a child process by run.ts: tsx scripts/bench/recovery-train.ts [--quick] [--only TEXT] --out f.json
// (--only: just the rows whose recipe contains TEXT)
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { applyRecipe, type Recipe } from '../../src/engine/pipeline';
import { evaluate } from '../../src/models/evaluate';
import { trainingSetOf } from '../../src/models/training-set';
import { findNodeModel, loadNodeModel } from './node-models';
import { webWasmRunner } from './node-runner';
import { pct } from './recovery-report';
import type { RecoveryResult } from './types';

interface Case {
  model: string;
  recipe: string;
  /** The compression alone (for a student: the same width without training). */
  before: Recipe;
  after: Recipe;
  target?: RecoveryResult['target'];
  quick?: boolean;
}

const recover = (steps: number) => ({ transform: 'recover' as const, options: { steps } });
const CASES: Case[] = [
  { model: 'digits-cnn', recipe: 'prune-structured 50% + recover', before: [{ transform: 'prune-structured', options: { rate: 50 } }], after: [{ transform: 'prune-structured', options: { rate: 50 } }, recover(500)], target: { quality: 0.975, seconds: 60 } },
  { model: 'langid-50', recipe: 'prune-structured 50% + recover', before: [{ transform: 'prune-structured', options: { rate: 50 } }], after: [{ transform: 'prune-structured', options: { rate: 50 } }, recover(500)], target: { quality: 0.93, seconds: 120 }, quick: true },
  { model: 'langid-50', recipe: 'prune-unstructured 50% + recover', before: [{ transform: 'prune-unstructured', options: { rate: 50 } }], after: [{ transform: 'prune-unstructured', options: { rate: 50 } }, recover(500)], target: { quality: 0.94, seconds: 120 } },
  { model: 'langid-50', recipe: 'low-rank 90% energy + recover', before: [{ transform: 'low-rank', options: { energy: 90 } }], after: [{ transform: 'low-rank', options: { energy: 90 } }, recover(500)], target: { quality: 0.93, seconds: 120 } },
  // Low-rank at 90% energy cuts langid's 50-class output layer to rank 1 (one singular value holds 95% of its energy),
  // which no training can undo; the same factorization of the hidden layer alone shows what recovery does for it.
  { model: 'langid-50', recipe: 'low-rank 90% energy, 50-class output layer kept + recover', before: [{ transform: 'low-rank', options: { energy: 90 }, exclude: ['dense2'] }], after: [{ transform: 'low-rank', options: { energy: 90 }, exclude: ['dense2'] }, recover(500)] },
  { model: 'langid-50', recipe: 'int4 block 128 symmetric + quantization-aware recover', before: [{ transform: 'int4', options: { blockSize: 128, mode: 'symmetric' } }], after: [{ transform: 'int4', options: { blockSize: 128, mode: 'symmetric' } }, recover(500)], target: { quality: 0.93, seconds: 120 } },
  { model: 'langid-50', recipe: 'distill: student at 1/4 width (before: the same width, untrained)', before: [{ transform: 'prune-structured', options: { rate: 75 } }], after: [{ transform: 'distill', options: { width: 25, steps: 1500 } }], target: { quality: 0.93 } },
  { model: 'langid-50', recipe: 'distill 1/4 width → int8 dynamic (before: int8 of the untrained student)', before: [{ transform: 'prune-structured', options: { rate: 75 } }, { transform: 'int8-dynamic' }], after: [{ transform: 'distill', options: { width: 25, steps: 1500 } }, { transform: 'int8-dynamic' }] },
  { model: 'sentiment-transformer', recipe: 'prune-structured 50% (FFN neurons) + recover', before: [{ transform: 'prune-structured', options: { rate: 50 } }], after: [{ transform: 'prune-structured', options: { rate: 50 } }, recover(200)] },
  { model: 'sentiment-transformer', recipe: 'distill: 1 of 2 layers, FFN at 1/2 width (before: FFN at 1/2 width, both layers, untrained)', before: [{ transform: 'prune-structured', options: { rate: 50 } }], after: [{ transform: 'distill', options: { width: 50, layers: 1, steps: 400 } }] },
];

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };

async function measure(c: Case): Promise<RecoveryResult> {
  const node = findNodeModel(c.model);
  if (!node?.trainPath) throw new Error(`no Node entry or training set for ${c.model}`);
  const { bytes, adapter, samples } = loadNodeModel(node);
  const labels = c.model === 'digits-cnn' ? [...'0123456789'] : c.model === 'sentiment-transformer' ? ['negative', 'positive'] : undefined;
  const data = trainingSetOf(adapter, adapter.parseTrainSet!(new Uint8Array(readFileSync(node.trainPath))), labels, { en: 'the training set', zh: '训练集' });
  const runner = webWasmRunner(1);
  const calibration = samples.slice(0, 32).map((s) => adapter.toFeeds([s.input]));
  const ctx = { training: data, runner, calibration };
  const reference = await runner.open(bytes);
  const quality = async (b: Uint8Array) => {
    const m = await runner.open(b);
    try { return await evaluate(adapter, m, samples, { reference }); } finally { await m.close(); }
  };
  const fp32 = await quality(bytes);
  const before = await applyRecipe(bytes, c.before, ctx);
  const load0 = loadavg()[0];
  let cpu = 0;
  const after = await applyRecipe(bytes, c.after, {
    ...ctx,
    // CPU time of the training step itself: from its first progress message to the end of the recipe.
    onProgress: (_f, message) => { if (!cpu && message.en.startsWith('teacher outputs')) cpu = cpuNow(); },
  });
  const cpuSeconds = cpuNow() - cpu;
  const load1 = loadavg()[0];
  const trained = after.steps.find((s) => s.training)!;
  const [q0, q1] = [await quality(before.bytes), await quality(after.bytes)];
  return {
    model: c.model, recipe: c.recipe, qualityBefore: q0.value, qualityAfter: q1.value, fp32Quality: fp32.value,
    seconds: trained.ms / 1000, threads: 1, metric: q1.metric === 'cer' ? 'cer' : 'accuracy', n: q1.n, ci95After: q1.ci95,
    cpuSeconds, load: [load0, load1], steps: trained.training?.steps, bytesBefore: before.bytes.length, bytesAfter: after.bytes.length,
    target: c.target,
    compressionDetail: before.steps.flatMap((s) => s.layers.filter((l) => l.action === 'changed').map((l) => `${l.node}: ${l.detail}`)).join('; '),
  };
}

async function main(): Promise<void> {
  const quick = args.includes('--quick');
  const results: RecoveryResult[] = [];
  const only = arg('--only');
  for (const c of CASES.filter((x) => (!quick || x.quick) && (!only || x.recipe.includes(only)))) {
    try {
      const r = await measure(c);
      results.push(r);
      console.log(`[recovery] ${c.model} ${c.recipe}: ${pct(r.qualityBefore)} → ${pct(r.qualityAfter)} (fp32 ${pct(r.fp32Quality)}, n ${r.n}) in ${r.seconds.toFixed(1)} s wall, ${r.cpuSeconds!.toFixed(1)} s CPU, ${r.steps} steps, load ${r.load!.map((x) => x.toFixed(1)).join('→')}`);
    } catch (e) {
      results.push({ model: c.model, recipe: c.recipe, qualityBefore: null, qualityAfter: null, fp32Quality: NaN, seconds: 0, threads: 1, metric: 'accuracy', n: 0, target: c.target, error: (e as Error).message });
      console.log(`[recovery] ${c.model} ${c.recipe}: failed: ${(e as Error).message}`);
    }
  }
  const out = arg('--out');
  if (out) writeFileSync(out, JSON.stringify(results, null, 1));
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
