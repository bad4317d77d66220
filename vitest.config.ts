import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  // Compiles runes in *.svelte.ts, so state classes are unit-tested as they ship.
  plugins: [svelte()],
  // The runtime imports ORT's webgpu bundle, which has no Node build; in Node the plain package resolves to
  // ORT's Node build (WASM EP), which runs the same kernels.
  resolve: { alias: [{ find: /^onnxruntime-web\/webgpu$/, replacement: 'onnxruntime-web' }] },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
