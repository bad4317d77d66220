import { defineConfig } from 'vitest/config';

// End-to-end tests: drive the built site (dist/, made by `npm run build`) in headless Debian Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
