import { defineConfig } from 'vitest/config';

// Browser suite: playwright-core driving Debian's Chromium (/usr/bin/chromium) through the local preview.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
