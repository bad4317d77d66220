import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// Cross-origin isolation lets ORT use WASM threads (SharedArrayBuffer). Dev and preview servers send the
// headers; static hosts that cannot (GitHub Pages) get them from the service worker (src/pwa/sw.ts).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Nothing the user draws or loads may leave the page: the built site can only talk to its own origin.
// 'wasm-unsafe-eval' lets ORT compile its wasm; blob: workers and URLs are what ORT and our code create locally.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/** Adds the CSP as a <meta> tag to the built index.html only: `vite dev` needs its websocket and inline HMR. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'modellab:csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  // './' works from any folder; the GitHub Pages workflow sets BASE_PATH=/<repository>/.
  base: process.env.BASE_PATH ?? './',
  plugins: [
    svelte(),
    contentSecurityPolicy(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      injectRegister: false, // src/pwa/register.ts registers it (and handles the isolation reload)
      manifest: false,
      devOptions: { enabled: false },
      injectManifest: {
        rollupFormat: 'iife',
        // Every file the build emits: shell, ORT's wasm (~27 MB), models, eval sets, model cards.
        globPatterns: ['**/*'],
        // The bench page (bench.html + its entry chunk) is a developer tool, not part of the app.
        globIgnores: ['**/*.map', 'bench.html', 'assets/bench-*.js'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        // Keep each file's size in the manifest: the offline panel shows byte-accurate progress.
        manifestTransforms: [async (entries) => ({ manifest: entries.map((e) => Object.assign(e, { bytes: e.size })), warnings: [] })],
      },
    }),
  ],
  server: { headers: isolation, port: 5173 },
  preview: { headers: isolation, port: 4173 },
  worker: { format: 'es' },
  // Pre-bundling would move ORT away from its wasm files (it finds them with new URL(..., import.meta.url)).
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // bench.html: the page `npm run bench` drives (scripts/bench/run.ts); built alongside, never linked or precached.
    rolldownOptions: { input: { index: 'index.html', bench: 'bench.html' } },
  },
});
