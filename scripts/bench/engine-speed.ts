// Compression-engine throughput in Node, per standard recipe and model: the transform alone on a freshly decoded
// model (the method of quantization-speed.ts / pruning-speed.ts, which stay for their wider option sweeps):
// MB/s = float32 bytes of the layers the step changed / transform wall time (median after one untimed first run);
// CPU time is recorded too because the 2 cores are shared. int8-qdq's calibration (ORT runs on the first 32 eval
// samples, as the lab worker does) is timed apart and not counted in MB/s. Each run's output bytes are hashed:
// all runs must agree (determinism), and run.ts compares the hash with the browser's variant. End to end beside it:
// compressRecipe, what the lab worker runs before it hands the bytes to ORT (decode + transform + encode + checks;
// gzip sizes are measured afterwards, off that path), MB/s over the same weight bytes.
// Run as a child process by run.ts: tsx scripts/bench/engine-speed.ts --models a,b --recipes x,y --repeats 3 --out f.json
import { writeFileSync } from 'node:fs';
import { decodeModel, encodeModel } from '../../src/engine/onnx';
import { compressRecipe } from '../../src/engine/pipeline';
import { sha256Hex } from '../../src/engine/size';
import { getTransform } from '../../src/engine/transforms';
import { applyStep } from '../../src/engine/pipeline';
import { resolveOptions } from '../../src/engine/transforms/options';
import type { LayerReport, TransformContext } from '../../src/engine/transforms/types';
import { median } from '../../src/runtime/stats';
import { findNodeModel, loadNodeModel } from './node-models';
import { webWasmRunner } from './node-runner';
import { pickRecipes } from './recipes';
import type { EngineResult } from './types';

const CALIBRATION_SAMPLES = 32; // as src/workers/lab-service.ts

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

interface Clock { wall: number; cpu: number }
const now = (): Clock => { const c = process.cpuUsage(); return { wall: performance.now(), cpu: (c.user + c.system) / 1000 }; };
const since = (a: Clock): Clock => { const b = now(); return { wall: b.wall - a.wall, cpu: b.cpu - a.cpu }; };

async function measure(modelId: string, recipeName: string, repeats: number): Promise<EngineResult> {
  const nodeModel = findNodeModel(modelId);
  if (!nodeModel) throw new Error(`no Node entry or files for ${modelId}`);
  const { bytes, adapter, samples } = loadNodeModel(nodeModel);
  const [recipe] = pickRecipes([recipeName]);
  if (recipe.recipe.length !== 1) throw new Error(`engine-speed times one-step recipes (${recipeName} has ${recipe.recipe.length})`);
  const step = recipe.recipe[0];
  const transform = getTransform(step.transform);
  const options = resolveOptions(transform.meta, step.options);
  const calibration = samples.slice(0, CALIBRATION_SAMPLES).map((s) => adapter.toFeeds([s.input]));
  const runner = webWasmRunner(1);
  const runs: { transform: Clock; calibration: Clock; pipeline: number; hash: string; layers: LayerReport[] }[] = [];
  for (let i = 0; i <= repeats; i++) {
    const d0 = performance.now();
    const model = decodeModel(bytes);
    const decodeMs = performance.now() - d0;
    let calibrated: Clock | undefined;
    const t0 = now();
    const ctx: TransformContext = {
      calibration, runner,
      // int8-qdq reports its first layer once calibration is over.
      onProgress: (_f, message) => { if (!calibrated && message.en.startsWith('int8 QDQ:')) calibrated = since(t0); },
    };
    const outcome = await applyStep(transform, model, options, ctx); // the app's step, BatchNorm fold included
    const total = since(t0);
    const cal = calibrated ?? { wall: 0, cpu: 0 };
    const e0 = performance.now();
    const out = encodeModel(model);
    const encodeMs = performance.now() - e0;
    runs.push({
      transform: { wall: total.wall - cal.wall, cpu: total.cpu - cal.cpu }, calibration: cal,
      pipeline: decodeMs + total.wall + encodeMs, hash: await sha256Hex(out), layers: outcome.layers,
    });
  }
  const endToEnd: Clock[] = [];
  for (let i = 0; i < Math.max(1, repeats); i++) {
    const t0 = now();
    await compressRecipe(bytes, [step], { calibration, runner });
    endToEnd.push(since(t0));
  }
  const timed = runs.slice(1);
  const changed = runs[0].layers.filter((l) => l.action === 'changed');
  const weightBytes = changed.reduce((n, l) => n + l.bytesBefore, 0);
  const wallMs = median(timed.map((r) => r.transform.wall));
  const cpuMs = median(timed.map((r) => r.transform.cpu));
  const hashes = new Set(runs.map((r) => r.hash));
  return {
    model: modelId, recipe: recipeName, transform: step.transform, weightBytes, layersChanged: changed.length, layers: runs[0].layers.length,
    repeats, firstWallMs: runs[0].transform.wall, wallMs, cpuMs,
    calibrationWallMs: step.transform === 'int8-qdq' ? median(timed.map((r) => r.calibration.wall)) : undefined,
    pipelineMs: median(timed.map((r) => r.pipeline)),
    mbPerSecWall: weightBytes / 1e3 / wallMs, mbPerSecCpu: weightBytes / 1e3 / cpuMs,
    endToEndMs: median(endToEnd.map((c) => c.wall)), endToEndCpuMs: median(endToEnd.map((c) => c.cpu)),
    mbPerSecEndToEnd: weightBytes / 1e3 / median(endToEnd.map((c) => c.wall)),
    sha256: runs[0].hash, deterministic: hashes.size === 1,
  };
}

async function main() {
  const models = (arg('--models') ?? '').split(',').filter(Boolean);
  const recipes = (arg('--recipes') ?? '').split(',').filter((r) => r && r !== 'fp32');
  const repeats = Number(arg('--repeats') ?? 3);
  const repeatsFor = new Map((arg('--repeats-for') ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const out = arg('--out');
  const results: EngineResult[] = [];
  for (const model of models) {
    for (const recipe of recipes) {
      const t0 = performance.now();
      try {
        const r = await measure(model, recipe, Number(repeatsFor.get(model) ?? repeats));
        results.push(r);
        console.log(`[engine] ${model} ${recipe}: ${(r.weightBytes / 1e6).toFixed(2)} MB in ${r.wallMs.toFixed(0)} ms → ${r.mbPerSecWall.toFixed(0)} MB/s wall, ${r.mbPerSecCpu.toFixed(0)} MB/s CPU; end to end ${r.endToEndMs.toFixed(0)} ms → ${r.mbPerSecEndToEnd.toFixed(0)} MB/s wall, ${(r.weightBytes / 1e3 / r.endToEndCpuMs).toFixed(0)} MB/s CPU (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        results.push({ model, recipe, error: (e as Error).message } as EngineResult);
        console.log(`[engine] ${model} ${recipe}: failed: ${(e as Error).message}`);
      }
    }
  }
  if (out) writeFileSync(out, JSON.stringify(results, null, 1));
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
