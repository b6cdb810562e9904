import { defineConfig } from 'vitest/config';

// `npm test`: everything that needs no extra service. The Postgres suite (vitest.pg.config.ts),
// the browser suite (vitest.browser.config.ts) and the faults suite (vitest.faults.config.ts) are
// separate so CI can run them explicitly.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'webhooks/**/*.test.ts', 'test/**/*.test.ts', 'extensions/**/*.test.ts', 'extensions/**/*.test.tsx'],
    // The faults suite runs on its own (`npm run test:faults`, ~40 s: it waits out real back-offs).
    exclude: ['**/node_modules/**', 'test/browser/**', 'test/faults/**', '**/*.pg.test.ts'],
    setupFiles: ['test/setup/fail-on-console-error.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
