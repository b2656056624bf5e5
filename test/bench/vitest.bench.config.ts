import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run bench`: the benchmarks only (test/bench/**/*.bench-run.ts: backup, many files, restore,
// Kubernetes restore).
// No global setup: each benchmark starts its own sshd or Kubernetes API emulator. Results are
// printed (and written with BENCH_WRITE=1), never asserted. BENCH_SIZE=small|default|full (or
// BENCH_MB, BENCH_FILES, BENCH_OBJECTS, BENCH_MANY); BENCH_TIMEOUT_MIN bounds it.
const full = process.env.BENCH_SIZE === 'full';
const minutes = Number(process.env.BENCH_TIMEOUT_MIN ?? (full ? 120 : 40));

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/bench/**/*.bench-run.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: minutes * 60_000,
    hookTimeout: 60_000,
  },
});
