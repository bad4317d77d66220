// Headless Debian Chromium for the bench: tests/e2e/browser.ts's flags (kept in step by hand), plus optional
// V8 flags for the steady-state runs (see run.ts --js-flags). Cold starts use launchBrowser() unchanged.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/browser';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBenchBrowser(jsFlags?: string): Promise<BrowserContext> {
  if (!jsFlags) return launchBrowser();
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'modellab-bench-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader',
      `--js-flags=${jsFlags}`,
    ],
    viewport: { width: 1100, height: 900 },
  });
}
