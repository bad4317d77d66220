// Rebuilds the derived parts of a bench (per-model tables, target checks, RESULTS.md, chart.png) from the raw
// measurements already in results.json, after a change to the report code: nothing is measured again.
// Usage: npx tsx scripts/bench/rerender.ts [bench]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart } from './chart';
import { launchBenchBrowser } from './launch';
import { renderMarkdown } from './markdown';
import { ROOT } from './node-models';
import { buildModelTable } from './report';
import { checkTargets } from './targets';
import type { BenchResults } from './types';

async function main() {
  const dir = process.argv[2] ?? join(ROOT, 'bench');
  const r = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResults;
  const s = r.settings;
  r.tables = r.tables.map((t) => buildModelTable({
    model: t.model, title: t.title, recipes: s.recipes, backends: s.backends, evalBackend: s.evalBackend, evalLimit: s.evalLimit[t.model],
    browser: r.browser, native: r.native, engine: r.engine,
  }));
  const m = r.machine;
  r.targets = checkTargets({ tables: r.tables, engine: r.engine, cold: r.cold, native: r.native, cores: m.cores, load: [m.loadStart[0], (m.loadEnd ?? m.loadStart)[0]] });
  const context = await launchBenchBrowser();
  try {
    await renderChart(context, r.tables, 'wasm-1', 'WASM 1 thread', join(dir, 'chart.png'));
  } finally {
    await context.close();
  }
  writeFileSync(join(dir, 'results.json'), JSON.stringify(r, null, 1));
  writeFileSync(join(dir, 'RESULTS.md'), renderMarkdown(r));
  console.log(`Rewrote ${dir}/RESULTS.md, results.json (tables, targets) and chart.png from the stored measurements.`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
