// Rebuilds the derived parts of a bench (per-model tables, target checks, RESULTS.md, chart.png, the README
// headline) from the raw measurements already in results.json, after a change to the report code: nothing is
// measured again.
// Usage: npx tsx scripts/bench/rerender.ts [bench]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart } from './chart';
import { launchBenchBrowser } from './launch';
import { renderMarkdown } from './markdown';
import { updateReadme } from './readme';
import { ROOT } from './node-models';
import { buildGemm, buildLikeForLike } from './like-for-like';
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
  r.likeForLike = buildLikeForLike(r.threads ?? [], r.native);
  if (r.gemmWeb || r.native.gemm) r.gemm = buildGemm(r.gemmWeb, r.native);
  r.targets = checkTargets({ tables: r.tables, engine: r.engine, cold: r.cold, native: r.native, likeForLike: r.likeForLike, gemm: r.gemm, simd: m.simd, cores: m.cores, load: [m.loadStart[0], (m.loadEnd ?? m.loadStart)[0]] });
  const context = await launchBenchBrowser();
  try {
    await renderChart(context, r.tables, 'wasm-1', 'WASM 1 thread', join(dir, 'chart.png'));
  } finally {
    await context.close();
  }
  writeFileSync(join(dir, 'results.json'), JSON.stringify(r, null, 1));
  writeFileSync(join(dir, 'RESULTS.md'), renderMarkdown(r));
  if (dir === join(ROOT, 'bench')) updateReadme(r);
  console.log(`Rewrote ${dir}/RESULTS.md, results.json (tables, targets) and chart.png from the stored measurements.`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
