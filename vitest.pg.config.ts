import { defineConfig } from 'vitest/config';

// The Postgres half of the store contract suite. Needs DATABASE_URL (CI: postgres://127.0.0.1:5432/test).
export default defineConfig({
  test: {
    include: ['src/**/*.pg.test.ts', 'test/**/*.pg.test.ts'],
    setupFiles: ['test/setup/fail-on-console-error.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
