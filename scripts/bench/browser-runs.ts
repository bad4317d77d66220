// The browser half of the bench: cold starts (one fresh profile each) and the per-model, per-backend runs on
// bench.html, plus fetching the variants' bytes for the native runs. Drives the page; measures nothing itself.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { ColdResult, PageInfo, RunResult, RunTask, SettleSpec } from '../../src/bench/protocol';
import { launchBrowser } from '../../tests/e2e/browser';
import type { StandardRecipe } from './recipes';
import type { BackendConfig, BrowserRun } from './types';

/** tsx (esbuild keepNames) wraps functions in __name(...), which page.evaluate'd code cannot see otherwise. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

export async function openBenchPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(NAME_SHIM);
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('[bench]') || m.type() === 'error') console.log(`  ${text}`);
  });
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => typeof window.modellabBench === 'function');
  return page;
}

export async function pageInfo(page: Page): Promise<PageInfo> {
  return (await page.evaluate((t) => window.modellabBench(t), { task: 'info' as const })) as PageInfo;
}

export async function coldStart(baseUrl: string, model: string): Promise<ColdResult> {
  const context = await launchBrowser();
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}bench.html?cold=${encodeURIComponent(model)}`);
    await page.waitForFunction(() => window.modellabBenchCold !== undefined);
    return await page.evaluate(() => window.modellabBenchCold!);
  } finally {
    await context.close();
  }
}

export interface ModelPlan {
  model: string;
  /** Warm-up until times settle, for every worker and native session (see RunTask.settle). */
  settle: SettleSpec;
  runs: number;
  /** Fast models: enough runs to cover this much fp32 time, up to maxRuns (see RunTask). */
  minTimeMs?: number;
  maxRuns?: number;
  evalLimit: number | null;
}

export interface ModelRuns {
  runs: BrowserRun[];
  /** The eval backend's variants, written to disk for the native runs. */
  variants: { recipe: string; path: string }[];
}

const crashed = (r: RunResult) => r.recipes.length > 0 && r.recipes.every((x) => x.error && /worker crashed/i.test(x.error));

/** One fresh page (and so one fresh worker) per backend config; a run whose worker kept crashing is retried once. */
export async function runModel(context: BrowserContext, url: string, plan: ModelPlan, recipes: StandardRecipe[], backends: BackendConfig[], evalBackend: string, variantDir: string): Promise<ModelRuns> {
  const out: ModelRuns = { runs: [], variants: [] };
  for (const b of backends) {
    const task: RunTask = {
      task: 'run', model: plan.model, backend: b.backend, threads: b.threads,
      recipes: recipes.map((r) => ({ name: r.name, recipe: r.recipe })),
      // The software WebGPU adapter is 20-40× slower than WASM: a few runs show it works, which is all it can show.
      ...(b.quotable ? { settle: plan.settle, runs: plan.runs, minTimeMs: plan.minTimeMs, maxRuns: plan.maxRuns } : { settle: { minMs: 0, maxMs: 2000 }, runs: Math.min(plan.runs, 5) }),
      evaluate: b.key === evalBackend, evalLimit: plan.evalLimit ?? undefined,
      keepBytes: b.key === evalBackend,
    };
    for (let attempt = 1; ; attempt++) {
      const t0 = Date.now();
      const page = await openBenchPage(context, url);
      try {
        const result = (await page.evaluate((t) => window.modellabBench(t), task)) as RunResult;
        if (crashed(result) && attempt === 1) {
          console.log(`  ${plan.model} on ${b.label}: the worker crashed on every recipe; retrying once in a fresh page`);
          continue;
        }
        console.log(`  ${plan.model} on ${b.label}: ${((Date.now() - t0) / 1000).toFixed(0)} s, ${result.runs} timed runs per recipe in blocks of ${result.block} (${result.threads ?? '?'} thread(s) in the worker)${attempt > 1 ? ', second attempt' : ''}`);
        out.runs.push({ ...result, backendKey: b.key });
        if (task.keepBytes) out.variants = await exportVariants(page, plan.model, recipes.map((r) => r.name), variantDir);
        break;
      } finally {
        await page.close();
      }
    }
  }
  return out;
}

/** Writes each kept variant to `dir` and returns the paths, for the native runs. */
export async function exportVariants(page: Page, model: string, recipes: string[], dir: string): Promise<{ recipe: string; path: string }[]> {
  const files: { recipe: string; path: string }[] = [];
  for (const recipe of recipes) {
    try {
      const b64 = (await page.evaluate((t) => window.modellabBench(t), { task: 'variant' as const, model, recipe })) as string;
      const path = join(dir, `${model}.${recipe}.onnx`);
      writeFileSync(path, Buffer.from(b64, 'base64'));
      files.push({ recipe, path });
    } catch (e) {
      console.log(`  no bytes for ${model}/${recipe}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return files;
}
