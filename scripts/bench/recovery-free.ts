// Training-free recovery and ensembles, measured in Node (onnxruntime-web's WASM build, one thread): for each
// entry of recovery-free-plan.ts, the quality of the recipe without its recovery step and with it, and fp32's, all
// on the same held-out eval samples (none of them calibrated any step), plus the recovery step's wall and CPU time.
// Ensembles average two variants' probabilities on those samples (src/engine/ensemble.ts, as the panel does).
// Run by run.ts as a child: tsx scripts/bench/recovery-free.ts --out f.json [--models a,b] [--quick]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { evaluateEnsemble } from '../../src/engine/ensemble';
import { applyRecipe, type Recipe } from '../../src/engine/pipeline';
import { calibrationNeeds } from '../../src/engine/transforms/calibration-needs';
import type { OpenModel } from '../../src/engine/tensor-data';
import { calibrationIndices } from '../../src/models/calibration-set';
import { evaluate, type EvalResult } from '../../src/models/evaluate';
import { calibrationFor } from '../../src/workers/calibration';
import { findNodeModel, loadNodeModel, type LoadedNodeModel } from './node-models';
import { webWasmRunner } from './node-runner';
import { ENSEMBLES, RECOVERY_ENTRIES } from './recovery-free-plan';
import type { EnsembleEntry, RecoveryResult } from './types';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const QUICK = args.includes('--quick');
const OCR = 'ocr-rec-ppocrv4';
/** --quick scores OCR on this many held-out lines (its recovery step still runs in full). */
const QUICK_OCR_LINES = 20;
const runner = webWasmRunner(1);

interface Measured { result: EvalResult; bytes: number; lastStepSeconds: number; cpuSeconds: number }

/** One model's variants, each compressed once and scored on the held-out samples (with fp32 as reference). */
class ModelBench {
  readonly heldOut: LoadedNodeModel['samples'];
  private readonly memo = new Map<string, Promise<Measured>>();
  private reference?: Promise<OpenModel>;

  constructor(readonly m: LoadedNodeModel, recipes: Recipe[]) {
    // Every sample any recipe calibrates on (spread samples, or QDQ's first 32) stays out of scoring.
    const used = new Set<number>();
    for (const r of recipes) {
      const needs = calibrationNeeds(r);
      (needs.byOption ? calibrationIndices(m.samples.length, needs.samples) : [...Array(needs.samples).keys()]).forEach((i) => used.add(i));
    }
    const held = m.samples.filter((_, i) => !used.has(i));
    this.heldOut = QUICK && m.model.id === OCR ? held.slice(0, QUICK_OCR_LINES) : held;
  }

  measure(recipe: Recipe): Promise<Measured> {
    const key = JSON.stringify(recipe);
    if (!this.memo.has(key)) this.memo.set(key, this.run(recipe));
    return this.memo.get(key)!;
  }

  private async run(recipe: Recipe): Promise<Measured> {
    const cpu0 = process.cpuUsage();
    const result = await applyRecipe(this.m.bytes, recipe, { ...calibrationFor(this.m, recipe), runner });
    const cpu = process.cpuUsage(cpu0);
    this.reference ??= runner.open(this.m.bytes);
    const open = await runner.open(result.bytes);
    const evaluation = await evaluate(this.m.adapter, open, this.heldOut, { keepSamples: true, reference: await this.reference });
    await open.close();
    return { result: evaluation, bytes: result.after.raw, lastStepSeconds: (result.steps.at(-1)?.ms ?? 0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  }
}

const percent = (x: number, cer: boolean) => `${cer ? 'CER ' : ''}${(x * 100).toFixed(2)}%`;

async function recoveryEntries(bench: ModelBench, fp32: Measured, quick: boolean): Promise<RecoveryResult[]> {
  const id = bench.m.model.id;
  const out: RecoveryResult[] = [];
  for (const e of RECOVERY_ENTRIES.filter((x) => x.model === id && !(quick && x.slow))) {
    const load0 = loadavg()[0];
    const metric = fp32.result.metric === 'cer' ? 'cer' : 'accuracy';
    try {
      const before = await bench.measure(e.base);
      const after = await bench.measure([...e.base, e.recovery]);
      const entry: RecoveryResult = {
        model: id, recipe: e.label, metric, qualityBefore: before.result.value, qualityAfter: after.result.value, fp32Quality: fp32.result.value,
        // The base steps take milliseconds next to the recovery step, so the recipe's CPU time is the step's.
        seconds: after.lastStepSeconds, cpuSeconds: after.cpuSeconds, threads: 1, n: after.result.n,
        data: `up to ${calibrationNeeds([e.recovery]).samples} eval samples taken evenly from the set, none of them scored`, load: [load0, loadavg()[0]], target: e.target,
      };
      out.push(entry);
      const q = (x: number | null) => (x === null ? '–' : percent(x, metric === 'cer'));
      console.log(`  ${id} ${e.label}: ${q(entry.qualityBefore)} → ${q(entry.qualityAfter)} (fp32 ${q(entry.fp32Quality)}, n = ${entry.n}); step ${entry.seconds.toFixed(1)} s wall, recipe ${entry.cpuSeconds!.toFixed(1)} s CPU, 1 thread, load ${load0.toFixed(1)}`);
    } catch (err) {
      out.push({ model: id, recipe: e.label, metric, qualityBefore: null, qualityAfter: null, fp32Quality: fp32.result.value, seconds: 0, threads: 1, n: 0, error: (err as Error).message });
      console.log(`  ${id} ${e.label}: failed: ${(err as Error).message}`);
    }
  }
  return out;
}

async function ensembleEntries(bench: ModelBench, fp32: Measured): Promise<EnsembleEntry[]> {
  const { model } = bench.m;
  const out: EnsembleEntry[] = [];
  for (const p of ENSEMBLES.filter((x) => x.model === model.id)) {
    const names = p.members.map((v) => v.label) as [string, string];
    try {
      const [a, b] = [await bench.measure(p.members[0].recipe), await bench.measure(p.members[1].recipe)];
      if (!a.result.samples || !b.result.samples || !model.labels) throw new Error('no per-sample class probabilities to average');
      const r = evaluateEnsemble([a.result.samples, b.result.samples], model.labels);
      out.push({
        model: model.id, members: names, memberQualities: [a.result.value, b.result.value], quality: r.value, ci95: r.ci95,
        fp32Quality: fp32.result.value, agreement: r.agreement ?? NaN, n: r.n, bytes: a.bytes + b.bytes, fp32Bytes: fp32.bytes,
      });
      console.log(`  ${model.id} ensemble [${names.join('] + [')}]: ${percent(r.value, false)} (members ${percent(a.result.value, false)} / ${percent(b.result.value, false)}, fp32 ${percent(fp32.result.value, false)}, n = ${r.n}); same top-1 as fp32 on ${percent(r.agreement ?? NaN, false)}`);
    } catch (err) {
      out.push({ model: model.id, members: names, memberQualities: [NaN, NaN], quality: NaN, ci95: { low: NaN, high: NaN }, fp32Quality: fp32.result.value, agreement: NaN, n: 0, bytes: 0, fp32Bytes: fp32.bytes, error: (err as Error).message });
      console.log(`  ${model.id} ensemble [${names.join('] + [')}]: failed: ${(err as Error).message}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const only = arg('--models')?.split(',');
  const ids = [...new Set(RECOVERY_ENTRIES.map((e) => e.model))].filter((id) => (only ? only.includes(id) : !QUICK || id === 'digits-cnn' || id === OCR));
  const recovery: RecoveryResult[] = [];
  const ensembles: EnsembleEntry[] = [];
  for (const id of ids) {
    const found = findNodeModel(id);
    if (!found) continue;
    const recipes = [...RECOVERY_ENTRIES.filter((e) => e.model === id).flatMap((e) => [e.base, [...e.base, e.recovery]]), ...ENSEMBLES.filter((e) => e.model === id).flatMap((p) => p.members.map((v) => v.recipe))];
    const bench = new ModelBench(loadNodeModel(found), recipes);
    const fp32 = await bench.measure([]);
    console.log(`recovery ${id}: scored on ${bench.heldOut.length} held-out eval samples${QUICK && id === OCR ? ` (--quick: the first ${QUICK_OCR_LINES})` : ''}`);
    recovery.push(...await recoveryEntries(bench, fp32, QUICK));
    if (!QUICK) ensembles.push(...await ensembleEntries(bench, fp32));
  }
  const out = arg('--out');
  if (out) writeFileSync(out, JSON.stringify({ recovery, ensembles }));
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
