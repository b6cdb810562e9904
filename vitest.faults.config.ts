import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the HubSpot faults suite (test/faults). Bounded (~40 s) but too slow for
// `npm test`: it waits out the real back-offs of the injected 429s.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    setupFiles: ['test/setup/fail-on-console-error.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
