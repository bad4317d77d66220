// Shared set-up for E2E tests: serve dist/ and open a page in Chromium.
import { existsSync } from 'node:fs';
import { launchBrowser, watchPage, type BrowserContext, type Page } from './browser';
import { serveStatic, type StaticServer } from './static-server';

export interface Site {
  server: StaticServer;
  context: BrowserContext;
  open(path?: string): Promise<{ page: Page; log: ReturnType<typeof watchPage> }>;
  close(): Promise<void>;
}

export interface SiteOptions {
  /** Send COOP/COEP like a configurable host (default true); false mimics GitHub Pages. */
  isolation?: boolean;
  /** Built site to serve (default dist/). */
  root?: string;
  /** URL path the site lives under, e.g. '/modellab/' like a GitHub Pages project site (default '/'). */
  basePath?: string;
}

export async function startSite(options: SiteOptions = {}): Promise<Site> {
  const root = options.root ?? 'dist';
  if (!existsSync(`${root}/index.html`)) {
    throw new Error(root === 'dist' ? 'dist/ is missing: run `npm run build` before the E2E tests.' : `${root}/ is missing: run \`npm run build:pages\` before the E2E tests.`);
  }
  const server = await serveStatic(root, { isolation: options.isolation ?? true, basePath: options.basePath });
  const context = await launchBrowser();
  return {
    server,
    context,
    async open(path = '') {
      const page = await context.newPage();
      const log = watchPage(page);
      await page.goto(server.url + path);
      return { page, log };
    },
    async close() {
      await context.close();
      await server.close();
    },
  };
}
