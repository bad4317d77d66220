import { defineConfig } from 'vitest/config';

export default defineConfig({
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
