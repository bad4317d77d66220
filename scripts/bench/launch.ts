// Headless Debian Chromium for the bench: the E2E launcher's flags, plus optional V8 flags for the steady-state
// runs (see run.ts --js-flags). Cold starts use launchBrowser() unchanged.
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/browser';

export function launchBenchBrowser(jsFlags?: string): Promise<BrowserContext> {
  return launchBrowser(jsFlags ? [`--js-flags=${jsFlags}`] : []);
}
