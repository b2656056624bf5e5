import { defineConfig } from 'vitest/config';

// `npm test`: unit tests beside the code (core/**) and integration tests (test/**) that talk to
// real services started by test/global-setup.ts. Browser tests have their own config.
export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
