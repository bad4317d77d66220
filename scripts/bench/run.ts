// `npm run bench`: measured numbers founders can quote. For every registry model × standard recipe × backend
// (WASM 1 and 2 threads; WebGPU with --webgpu, labelled software here) in headless Chromium on the built site,
// plus web vs native like for like (in-worker loops, 1 and 2 threads interleaved), the single-thread GEMM
// GFLOP/s of both runtimes, cold start, native onnxruntime-node and engine throughput; writes bench/results.json,
// bench/RESULTS.md and bench/chart.png and prints the tables. Builds the site into a temp folder first (site.ts),
// or uses --dist DIR. Every worker and native session warms up until its times settle (--settle-ms MIN, default
// 1500 ms, at most 4×; OCR --ocr-settle-ms, 6000) before it is timed.
// Flags: --quick (1 model + photo OCR, 2 recipes, few runs; writes to a temp dir), --webgpu, --models a,b, --recipes a,b,
// --runs N (default 30; fast models get more runs, to cover --min-time ms of fp32 time, default 1000, at most 500
// runs), --ocr-runs N (20), --ocr-lines N (50), --gemm-runs N (20), --photo-runs N (10),
// --photo-limit N photos (100), --out DIR, --backends wasm-1,wasm-2 (default
// both), --dist DIR, --js-flags FLAGS, --no-native, --no-engine, --no-cold, --no-gemm,
// --no-recovery (skips the recovery rows: training takes a few minutes);
// scale section (scale.ts): --no-scale, --scale-only (nothing else), --scale-points enc-base,dec-gpt2.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../../tests/e2e/browser';
import { serveStatic } from '../../tests/e2e/static-server';
import { coldStart, openBenchPage, pageInfo, runModel, type ModelPlan } from './browser-runs';
import { launchBenchBrowser } from './launch';
import { describeMachine } from './machine';
import { buildSite } from './site';
import { modelTableText, renderMarkdown } from './markdown';
import { NATIVE_INSTALL, type NativeJob } from './native';
import { findNodeModel, ROOT } from './node-models';
import { checkRecipes, pickRecipes, QUICK_RECIPES } from './recipes';
import { buildGemm, buildLikeForLike, runGemmTask, runThreadsTask, THREADS, threadsTask } from './like-for-like';
import { headline } from './headline';
import { startLoadSampler } from './load';
import { gemmSection, likeForLikeSection } from './markdown-sections';
import { updateReadme } from './readme';
import { buildModelTable } from './report';
import { renderChart } from './chart';
import { checkTargets, summarizeTargets } from './targets';
import { recoveryTargets } from './recovery-report';
import type { BackendConfig, BenchResults, BrowserRun, EngineResult, NativeReport, EnsembleEntry, PhaseLoad, RecoveryResult } from './types';
import type { ColdResult, GemmResult, SettleSpec, ThreadsResult } from '../../src/bench/protocol';
import { PHOTO_OCR_MODEL, photoOcrEntries, photoOcrPlan, photoOcrRecipes, photoOcrTargets, printPhotoOcr } from './photo-ocr';
import { renderScaleChart, runScaleSection, SCALE_FULL, SCALE_QUICK } from './scale';
import { scaleTargets, type ScaleSection } from './scale-report';

const OCR = 'ocr-rec-ppocrv4';
const args = process.argv.slice(2);
const has = (f: string) => args.includes(f);
const arg = (f: string) => (has(f) ? args[args.indexOf(f) + 1] : undefined);
const num = (f: string, fallback: number) => (arg(f) === undefined ? fallback : Number(arg(f)));
const list = (f: string) => arg(f)?.split(',').filter(Boolean);
const QUICK = has('--quick');
const SCALE_ONLY = has('--scale-only');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function runNative(job: NativeJob, prefix: string): NativeReport {
  writeFileSync(`${prefix}.job.json`, JSON.stringify(job));
  child('native.ts', ['--job', `${prefix}.job.json`, '--out', `${prefix}.json`]);
  return JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as NativeReport;
}

function child(script: string, childArgs: string[]): void {
  const r = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts/bench', script), ...childArgs], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) console.log(`  ${script} exited with ${r.status ?? r.signal}`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  checkRecipes();
  const outDir = arg('--out') ?? (QUICK ? mkdtempSync(join(tmpdir(), 'modellab-bench-quick-')) : join(ROOT, 'bench'));
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'modellab-bench-variants-'));
  const machine = describeMachine(CHROMIUM);
  const loadSampler = startLoadSampler(machine.cores);
  console.log(`ModelLab bench${QUICK ? ' (quick)' : ''}: ${machine.cpuModel}, ${machine.cores} CPUs, load ${machine.loadStart.map((x) => x.toFixed(1)).join(' ')}; out ${outDir}`);
  const recipes = pickRecipes(list('--recipes') ?? (QUICK ? QUICK_RECIPES : undefined));
  const site = await buildSite(arg('--dist'));
  const server = await serveStatic(site.dir, { isolation: true });
  const context = await launchBenchBrowser(arg('--js-flags'));
  try {
    const infoPage = await openBenchPage(context, `${server.url}bench.html`);
    const info = await pageInfo(infoPage);
    await infoPage.close();
    // --quick: the first model, plus photo OCR on a few photos (its pipeline is the slowest path through the bench).
    const modelIds = SCALE_ONLY ? [] : list('--models') ?? (QUICK ? [info.models[0].id, PHOTO_OCR_MODEL] : info.models.map((m) => m.id));
    const unknown = modelIds.filter((id) => !info.models.some((m) => m.id === id));
    if (unknown.length) throw new Error(`Not in the registry: ${unknown.join(', ')}. Registered: ${info.models.map((m) => m.id).join(', ')}.`);
    const backends: BackendConfig[] = [1, 2].map((t) => ({ key: `wasm-${t}`, label: `WASM ${t} thread${t > 1 ? 's' : ''}`, backend: 'wasm' as const, threads: t, quotable: true }))
      .filter((b) => !list('--backends') || list('--backends')!.includes(b.key));
    if (has('--webgpu')) {
      const software = info.webgpu.details?.software === true;
      if (info.webgpu.available) backends.push({ key: software ? 'webgpu-sw' : 'webgpu', label: software ? 'WebGPU (software)' : 'WebGPU', backend: 'webgpu', quotable: !software });
      else console.log(`  --webgpu: no adapter (${info.webgpu.note?.en}); column skipped`);
    }
    const evalBackend = backends.some((b) => b.key === 'wasm-2') ? 'wasm-2' : backends[0].key;
    const settle = (minMs: number): SettleSpec => ({ minMs, maxMs: 4 * minMs });
    const recipesFor = (model: string) => (model === PHOTO_OCR_MODEL ? photoOcrRecipes(recipes) : recipes);
        const plans: ModelPlan[] = modelIds.map((model) => model === PHOTO_OCR_MODEL ? photoOcrPlan(QUICK, num, settle) : model === OCR
      ? { model, settle: settle(num('--ocr-settle-ms', QUICK ? 1000 : 6000)), runs: num('--ocr-runs', QUICK ? 3 : 20), evalLimit: num('--ocr-lines', QUICK ? 5 : 50) }
      : { model, settle: settle(num('--settle-ms', QUICK ? 300 : 1500)), runs: num('--runs', QUICK ? 5 : 30), minTimeMs: num('--min-time', QUICK ? 200 : 1000), maxRuns: QUICK ? 50 : 500, evalLimit: QUICK ? 200 : null });

    const cold: ColdResult[] = [];
    if (!has('--no-cold') && !SCALE_ONLY) {
      for (const model of modelIds) {
        const c = await coldStart(server.url, model);
        console.log(`cold start ${model}: ${c.ok ? `first result ${(c.firstResultMs! / 1000).toFixed(2)} s after navigation` : `failed: ${c.error}`}`);
        cold.push(c);
      }
    }

    // Each model's like-for-like and native runs follow its browser runs at once, so all see about the same load.
    const browser: BrowserRun[] = [];
    const threads: ThreadsResult[] = [];
    const loads: PhaseLoad[] = [];
    let native: NativeReport = { available: false, hint: `skipped (--no-native); install with ${NATIVE_INSTALL}`, results: [] };
    const addNative = (report: NativeReport) => {
      const prev = native.available ? native : { results: [], threads: [] };
      native = { ...report, results: [...prev.results, ...report.results], threads: [...(prev.threads ?? []), ...(report.threads ?? [])], gemm: report.gemm ?? native.gemm };
    };
    for (const plan of plans) {
      console.log(`${plan.model}: ${recipesFor(plan.model).length} recipes × ${backends.length} backends, ${plan.runs}+ runs after warm-up until times settle (${plan.settle.minMs}–${plan.settle.maxMs} ms)`);
      const load: PhaseLoad = { model: plan.model, browser: [loadavg()[0], 0] };
      const { runs, variants } = await runModel(context, `${server.url}bench.html`, plan, recipesFor(plan.model), backends, evalBackend, work);
      const fp32 = runs.find((r) => r.backendKey === 'wasm-1')?.recipes.find((r) => r.name === 'fp32');
      const timedRuns = Math.max(plan.runs, ...runs.map((r) => r.runs));
      // Like for like with native needs a native twin: photo OCR (three chained models) has none.
      if (fp32?.latency && plan.model !== PHOTO_OCR_MODEL) threads.push(await runThreadsTask(context, `${server.url}bench.html`, threadsTask(plan.model, timedRuns, fp32.latency.medianMs, plan.settle)));
      load.browser[1] = loadavg()[0];
      browser.push(...runs);
      const fp32File = variants.find((v) => v.recipe === 'fp32');
      if (!has('--no-native') && findNodeModel(plan.model)) {
        const runsByThreads = Object.fromEntries(runs.filter((r) => r.backend === 'wasm').map((r) => [String(r.threadsRequested), r.runs]));
        const block = threads.find((t) => t.model === plan.model)?.block ?? 1;
        const job: NativeJob = {
          threads: THREADS, settle: plan.settle, models: [{ id: plan.model, runs: runsByThreads, variants }],
          threadsRuns: fp32File ? [{ id: plan.model, path: fp32File.path, runs: timedRuns, block }] : [],
        };
        const l0 = loadavg()[0];
        addNative(runNative(job, join(work, `native-${plan.model}`)));
        load.native = [l0, loadavg()[0]];
      }
      loads.push(load);
    }
    // Compute-bound reference: the same MatMul on one thread in the browser and natively.
    let gemmWeb: GemmResult | undefined;
    if (!has('--no-gemm') && !SCALE_ONLY) {
      const gemmSettle = settle(QUICK ? 500 : 2000);
      const gemmRuns = num('--gemm-runs', QUICK ? 5 : 20);
      gemmWeb = await runGemmTask(context, `${server.url}bench.html`, gemmRuns, gemmSettle);
      if (!has('--no-native')) addNative(runNative({ threads: [1], settle: gemmSettle, models: [], gemm: { shape: gemmWeb.shape, runs: gemmRuns } }, join(work, 'native-gemm')));
    }
    let scale: ScaleSection | undefined;
    if (!has('--no-scale')) {
      const plan = { ...(QUICK ? SCALE_QUICK : SCALE_FULL), ...(list('--scale-points') ? { points: list('--scale-points')! } : {}) };
      console.log(`scale: ${plan.points.length} points × ${plan.recipes.length} recipes × threads ${plan.threads.join('/')}${plan.threadsFor ? ' (decoders: 1)' : ''}`);
      const page = await openBenchPage(context, `${server.url}bench.html`);
      try {
        scale = await runScaleSection(page, plan);
      } finally {
        await page.close();
      }
    }
    await context.close(); // the CPU goes to the engine runs next

    let engine: EngineResult[] = [];
    // Small models take milliseconds per transform: more repeats steady the median. OCR's QDQ calibration is slow.
    const engineRepeats: Record<string, number> = Object.fromEntries(modelIds.map((m) => [m, QUICK ? 1 : m === OCR ? 2 : 9]));
    if (!has('--no-engine') && !SCALE_ONLY) {
      const nodeModels = modelIds.filter((m) => findNodeModel(m));
      child('engine-speed.ts', ['--models', nodeModels.join(','), '--recipes', recipes.map((r) => r.name).join(','), '--repeats', '3',
        '--repeats-for', Object.entries(engineRepeats).map(([k, v]) => `${k}=${v}`).join(','), '--out', join(work, 'engine.json')]);
      engine = JSON.parse(readFileSync(join(work, 'engine.json'), 'utf8')) as EngineResult[];
    }

    // Recovery rows: each recovery module is a child that writes its rows; they go into one `recovery` array.
    const recovery: RecoveryResult[] = [];
    let ensembles: EnsembleEntry[] = [];
    if (!has('--no-recovery') && !SCALE_ONLY) {
      child('recovery-train.ts', [...(QUICK ? ['--quick'] : []), '--out', join(work, 'recovery-train.json')]);
      recovery.push(...(JSON.parse(readFileSync(join(work, 'recovery-train.json'), 'utf8')) as RecoveryResult[]));
      const file = join(work, 'recovery-free.json');
      child('recovery-free.ts', ['--out', file, ...(list('--models') ? ['--models', list('--models')!.join(',')] : []), ...(QUICK ? ['--quick'] : [])]);
      const free = JSON.parse(readFileSync(file, 'utf8')) as { recovery: RecoveryResult[]; ensembles: EnsembleEntry[] };
      recovery.push(...free.recovery);
      ensembles = free.ensembles;
    }

    const tables = plans.map((p) => buildModelTable({
      model: p.model, title: info.models.find((m) => m.id === p.model)!.title, recipes: recipesFor(p.model), backends, evalBackend, evalLimit: p.evalLimit, browser, native, engine,
    }));
    machine.loadEnd = loadavg();
    const load = loadSampler.stop();
    const likeForLike = buildLikeForLike(threads, native);
    const gemm = has('--no-gemm') ? undefined : buildGemm(gemmWeb, native);
    const photoOcr = photoOcrEntries(browser, evalBackend, backends[0].key);
    // --scale-only measures no registry model: their targets would all read "not measured" for a reason that is not the real one.
    const modelTargets = SCALE_ONLY ? [] : checkTargets({ tables, engine, cold, native, likeForLike, gemm, simd: machine.simd, cores: machine.cores, load: [machine.loadStart[0], machine.loadEnd[0]] });
    const targets = [...modelTargets, ...recoveryTargets(recovery, ensembles), ...(photoOcr.length ? photoOcrTargets(photoOcr) : []), ...(scale ? scaleTargets(scale) : [])];
    const notes = [
      ...modelIds.filter((m) => !findNodeModel(m)).map((m) => `${m} has no entry in scripts/bench/node-models.ts: no native or engine numbers.`),
      ...(native.hint ? [native.hint] : []),
      `Total bench time includes building the site (${arg('--dist') ? 'skipped: --dist' : 'vite build into a temp folder'}).`,
    ];
    const results: BenchResults = {
      schema: 2, date: new Date().toISOString(), totalMs: Date.now() - t0, machine, page: info,
      settings: {
        quick: QUICK, settle: Object.fromEntries(plans.map((p) => [p.model, p.settle])), runs: Object.fromEntries(plans.map((p) => [p.model, p.runs])),
        minTimeMs: Object.fromEntries(plans.map((p) => [p.model, p.minTimeMs ?? null])), maxRuns: Object.fromEntries(plans.map((p) => [p.model, p.maxRuns ?? null])),
        evalLimit: Object.fromEntries(plans.map((p) => [p.model, p.evalLimit])), evalBackend, engineRepeats, recipes, backends,
      },
      browser, threads, gemmWeb, cold, native, engine, loads, load, likeForLike, gemm, tables, targets, recovery, ensembles, notes, photoOcr,
      ...(scale ? { scale: scale.entries, scaleRun: { failures: scale.failures, load: scale.load, ms: scale.ms } } : {}),
    };
    const chartContext = await launchBrowser();
    try {
      if (tables.length) await renderChart(chartContext, tables, 'wasm-1', 'WASM 1 thread', join(outDir, 'chart.png'));
      if (scale) await renderScaleChart(chartContext, scale.entries, join(outDir, 'scale-chart.png'));
    } finally {
      await chartContext.close();
    }
    results.totalMs = Date.now() - t0;
    writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 1));
    writeFileSync(join(outDir, 'RESULTS.md'), renderMarkdown(results));
    if (outDir === join(ROOT, 'bench')) updateReadme(results);
    for (const t of tables) console.log(`\n${t.title} (${t.model}) — quality on the ${t.evalNote}\n${modelTableText(results, t, false)}`);
    console.log(['', ...likeForLikeSection(results), ...gemmSection(results)].join('\n'));
    console.log(`Headline: ${headline(results)}`);
    printPhotoOcr(photoOcr);
    for (const e of scale?.entries ?? []) console.log(`  scale ${e.point} ${e.recipe} ×${e.threads}: ${e.latencyRatio.toFixed(2)}× [${e.latencyRatioCi.map((v) => v.toFixed(2)).join('–')}], download ${e.sizeRatio.toFixed(3)}×${e.tokensPerSecond === undefined ? '' : `, ${e.tokensPerSecond.toFixed(1)} tok/s (fp32 ${e.fp32TokensPerSecond!.toFixed(1)})`}`);
    console.log('\nTargets:');
    for (const c of targets) console.log(`  [${c.status}] ${c.target} — ${c.subject}: ${c.measured}${c.reason ? ` (${c.reason})` : ''}`);
    for (const [target, s] of Object.entries(summarizeTargets(targets))) console.log(`  ${target}: ${s.met} met, ${s.notMet} not met, ${s.notMeasured} not measured`);
    console.log(`\nLoad average ${machine.loadStart[0].toFixed(1)} → ${machine.loadEnd[0].toFixed(1)} on ${machine.cores} CPUs. ${((Date.now() - t0) / 60000).toFixed(1)} min. Wrote ${join(outDir, 'results.json')}, RESULTS.md, chart.png`);
  } finally {
    await context.close().catch(() => {});
    await server.close();
    rmSync(work, { recursive: true, force: true });
    if (site.temporary) rmSync(site.dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
