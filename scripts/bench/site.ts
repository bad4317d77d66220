// The site the bench measures: by default a fresh `vite build` of the working tree into a private temp folder, so
// another `vite build` into dist/ (tests, other work on this machine) cannot swap files under a running bench,
// which showed up as workers that failed to load. --dist DIR measures an existing build instead.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './node-models';

/** `temporary`: the bench built it and removes it when done. */
export async function buildSite(dist: string | undefined): Promise<{ dir: string; temporary: boolean }> {
  if (dist) {
    if (!existsSync(join(dist, 'bench.html'))) throw new Error(`${dist}/bench.html is missing: build the site first (npx vite build) or leave out --dist.`);
    return { dir: dist, temporary: false };
  }
  const outDir = mkdtempSync(join(tmpdir(), 'modellab-bench-site-'));
  const t0 = Date.now();
  const { build } = await import('vite');
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  console.log(`built the site into ${outDir} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return { dir: outDir, temporary: true };
}
