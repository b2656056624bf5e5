import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: Chromium (Debian's /usr/bin/chromium) driven by playwright-core against
// `lifeboat serve` built into out/, and the real sshd, s3rver and Kubernetes API emulator from
// the global setup (inject('services')). Screenshots land in test-results/.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
