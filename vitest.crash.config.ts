import { defineConfig } from 'vitest/config';

// The crash suite (test/crash): child processes killed with SIGKILL. Kept
// out of `npm test` (seconds, not minutes); run with `npm run test:crash`. The 5-minute cap is a
// safety net: 20 kills take about 3 minutes on a loaded 2-core machine (mostly process start-up).
export default defineConfig({
  test: {
    include: ['test/crash/**/*.crash.ts'],
    setupFiles: ['test/setup/fail-on-console-error.ts'],
    testTimeout: 300_000,
    hookTimeout: 30_000,
  },
});
