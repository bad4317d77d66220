import { defineConfig } from 'vitest/config';

// End-to-end tests: drive the built site (dist/, made by `npm run build`) in headless Debian Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    // A ceiling only: each test sets its own timeout at about 3× the lowest time it took on the project's 2-core
    // machine (so a slowdown fails instead of hiding under a generous limit). Under heavy load from other jobs they
    // can time out: check `uptime` and re-run when the machine is quieter rather than raising them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
