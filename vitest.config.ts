import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.e2e.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A run id for the PostgreSQL test schemas parked between tests, dropped at the end (ADR 0037).
    globalSetup: ['packages/core/src/testing/global-setup.ts'],
    // Test files share their worker process (module cache, the migrated template databases): the run takes
    // less than half the time. What a file changes process-wide is put back after it (setup-file.ts);
    // ADR 0039.
    isolate: false,
    setupFiles: ['packages/core/src/testing/setup-file.ts'],
    // Both cores: the default (available parallelism − 1) runs the files one at a time on a 2-core machine,
    // where most of a test's time is spent waiting on SQLite/PostgreSQL I/O or a child process.
    maxWorkers: 2,
  },
});
