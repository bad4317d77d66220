// Headless Debian Chromium via playwright-core (never a downloaded browser). WebGPU comes from the
// `--enable-unsafe-webgpu` software adapter (SwiftShader): right answers, slow, fine for correctness.
import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `extraArgs`: more Chromium flags (the bench passes V8 --js-flags). */
export async function launchBrowser(extraArgs: string[] = []): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'modellab-e2e-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader',
      ...extraArgs,
    ],
    viewport: { width: 1100, height: 900 },
  });
}

/** Collects console errors and failed requests so tests can assert a clean session. */
export function watchPage(page: Page): { errors: string[]; requests: string[] } {
  const log = { errors: [] as string[], requests: [] as string[] };
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && log.errors.push(m.text()));
  page.on('request', (r) => log.requests.push(r.url()));
  return log;
}

export type { Browser, BrowserContext, Page };
