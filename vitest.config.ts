import { defineConfig } from 'vitest/config';

// `npm test`: everything that needs no extra service. The Postgres suite (vitest.pg.config.ts)
// and the browser suite (vitest.browser.config.ts) are separate so CI can run them explicitly.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'webhooks/**/*.test.ts', 'test/**/*.test.ts', 'extensions/**/*.test.ts', 'extensions/**/*.test.tsx'],
    exclude: ['**/node_modules/**', 'test/browser/**', '**/*.pg.test.ts'],
    setupFiles: ['test/setup/fail-on-console-error.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
