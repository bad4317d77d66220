// `npm run bench`: measured numbers founders can quote. For every registry model × standard recipe × backend
// (WASM 1 and 2 threads; WebGPU with --webgpu, labelled software here) in headless Chromium on the built site,
// plus cold start, native onnxruntime-node and engine throughput; writes bench/results.json, bench/RESULTS.md and
// bench/chart.png and prints the tables. Builds the site into a temp folder first (site.ts), or uses --dist DIR.
// Flags: --quick (1 model, 2 recipes, few runs; writes to a temp dir), --webgpu, --models a,b, --recipes a,b,
// --runs N --warmup N (default 30/5; fast models get more runs, to cover --min-time ms of fp32 time, default
// 1000, at most 500 runs), --ocr-runs N --ocr-warmup N (20/3), --ocr-lines N (50), --out DIR,
// --backends wasm-1,wasm-2 (default both), --dist DIR, --js-flags FLAGS, --no-native, --no-engine, --no-cold.
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
import { buildModelTable } from './report';
import { renderChart } from './chart';
import { checkTargets, summarizeTargets } from './targets';
import type { BackendConfig, BenchResults, BrowserRun, EngineResult, NativeReport, PhaseLoad } from './types';
import type { ColdResult } from '../../src/bench/protocol';

const OCR = 'ocr-rec-ppocrv4';
const args = process.argv.slice(2);
const has = (f: string) => args.includes(f);
const arg = (f: string) => (has(f) ? args[args.indexOf(f) + 1] : undefined);
const num = (f: string, fallback: number) => (arg(f) === undefined ? fallback : Number(arg(f)));
const list = (f: string) => arg(f)?.split(',').filter(Boolean);
const QUICK = has('--quick');
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
  console.log(`ModelLab bench${QUICK ? ' (quick)' : ''}: ${machine.cpuModel}, ${machine.cores} CPUs, load ${machine.loadStart.map((x) => x.toFixed(1)).join(' ')}; out ${outDir}`);
  const recipes = pickRecipes(list('--recipes') ?? (QUICK ? QUICK_RECIPES : undefined));
  const site = await buildSite(arg('--dist'));
  const server = await serveStatic(site.dir, { isolation: true });
  const context = await launchBenchBrowser(arg('--js-flags'));
  try {
    const infoPage = await openBenchPage(context, `${server.url}bench.html`);
    const info = await pageInfo(infoPage);
    await infoPage.close();
    const modelIds = list('--models') ?? info.models.map((m) => m.id).slice(0, QUICK ? 1 : undefined);
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
    const plans: ModelPlan[] = modelIds.map((model) => model === OCR
      ? { model, warmup: num('--ocr-warmup', QUICK ? 1 : 3), runs: num('--ocr-runs', QUICK ? 3 : 20), prewarmMs: QUICK ? 2000 : 8000, evalLimit: num('--ocr-lines', QUICK ? 5 : 50) }
      : { model, warmup: num('--warmup', QUICK ? 1 : 5), runs: num('--runs', QUICK ? 5 : 30), minTimeMs: num('--min-time', QUICK ? 200 : 1000), maxRuns: QUICK ? 50 : 500, prewarmMs: QUICK ? 500 : 2000, evalLimit: QUICK ? 200 : null });

    const cold: ColdResult[] = [];
    if (!has('--no-cold')) {
      for (const model of modelIds) {
        const c = await coldStart(server.url, model);
        console.log(`cold start ${model}: ${c.ok ? `first result ${(c.firstResultMs! / 1000).toFixed(2)} s after navigation` : `failed: ${c.error}`}`);
        cold.push(c);
      }
    }

    // Each model's native runs follow its browser runs at once, so both see about the same machine load.
    const browser: BrowserRun[] = [];
    const loads: PhaseLoad[] = [];
    let native: NativeReport = { available: false, hint: `skipped (--no-native); install with ${NATIVE_INSTALL}`, results: [] };
    for (const plan of plans) {
      console.log(`${plan.model}: ${recipes.length} recipes × ${backends.length} backends, ${plan.runs}+ runs after ${plan.warmup} warm-up`);
      const load: PhaseLoad = { model: plan.model, browser: [loadavg()[0], 0] };
      const { runs, variants } = await runModel(context, `${server.url}bench.html`, plan, recipes, backends, evalBackend, work);
      load.browser[1] = loadavg()[0];
      browser.push(...runs);
      if (!has('--no-native') && findNodeModel(plan.model)) {
        const runsByThreads = Object.fromEntries(runs.filter((r) => r.backend === 'wasm').map((r) => [String(r.threadsRequested), r.runs]));
        const job: NativeJob = { threads: [1, 2], models: [{ id: plan.model, warmup: plan.warmup, runs: runsByThreads, variants }] };
        const l0 = loadavg()[0];
        const report = runNative(job, join(work, `native-${plan.model}`));
        load.native = [l0, loadavg()[0]];
        native = { ...report, results: [...(native.available ? native.results : []), ...report.results] };
      }
      loads.push(load);
    }
    await context.close(); // the CPU goes to the engine runs next

    let engine: EngineResult[] = [];
    // Small models take milliseconds per transform: more repeats steady the median. OCR's QDQ calibration is slow.
    const engineRepeats: Record<string, number> = Object.fromEntries(modelIds.map((m) => [m, QUICK ? 1 : m === OCR ? 2 : 9]));
    if (!has('--no-engine')) {
      const nodeModels = modelIds.filter((m) => findNodeModel(m));
      child('engine-speed.ts', ['--models', nodeModels.join(','), '--recipes', recipes.map((r) => r.name).join(','), '--repeats', '3',
        '--repeats-for', Object.entries(engineRepeats).map(([k, v]) => `${k}=${v}`).join(','), '--out', join(work, 'engine.json')]);
      engine = JSON.parse(readFileSync(join(work, 'engine.json'), 'utf8')) as EngineResult[];
    }

    const tables = plans.map((p) => buildModelTable({
      model: p.model, title: info.models.find((m) => m.id === p.model)!.title, recipes, backends, evalBackend, evalLimit: p.evalLimit, browser, native, engine,
    }));
    machine.loadEnd = loadavg();
    const targets = checkTargets({ tables, engine, cold, native, cores: machine.cores, load: [machine.loadStart[0], machine.loadEnd[0]] });
    const notes = [
      ...modelIds.filter((m) => !findNodeModel(m)).map((m) => `${m} has no entry in scripts/bench/node-models.ts: no native or engine numbers.`),
      ...(native.hint ? [native.hint] : []),
      `Total bench time includes building the site (${arg('--dist') ? 'skipped: --dist' : 'vite build into a temp folder'}).`,
    ];
    const results: BenchResults = {
      schema: 1, date: new Date().toISOString(), totalMs: Date.now() - t0, machine, page: info,
      settings: {
        quick: QUICK, warmup: Object.fromEntries(plans.map((p) => [p.model, p.warmup])), runs: Object.fromEntries(plans.map((p) => [p.model, p.runs])),
        minTimeMs: Object.fromEntries(plans.map((p) => [p.model, p.minTimeMs ?? null])), maxRuns: Object.fromEntries(plans.map((p) => [p.model, p.maxRuns ?? null])),
        prewarmMs: Object.fromEntries(plans.map((p) => [p.model, p.prewarmMs ?? null])),
        evalLimit: Object.fromEntries(plans.map((p) => [p.model, p.evalLimit])), evalBackend, engineRepeats, recipes, backends,
      },
      browser, cold, native, engine, loads, tables, targets, notes,
    };
    const chartContext = await launchBrowser();
    try {
      await renderChart(chartContext, tables, 'wasm-1', 'WASM 1 thread', join(outDir, 'chart.png'));
    } finally {
      await chartContext.close();
    }
    results.totalMs = Date.now() - t0;
    writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 1));
    writeFileSync(join(outDir, 'RESULTS.md'), renderMarkdown(results));
    for (const t of tables) console.log(`\n${t.title} (${t.model}) — quality on the ${t.evalNote}\n${modelTableText(results, t, false)}`);
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
