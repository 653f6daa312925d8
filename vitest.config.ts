import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'adapters/**/*.test.ts'],
    pool: 'forks',
    // One embedded database per worker, shared by its files (each file truncates it first): PGlite takes ~2 s to start.
    isolate: false,
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a page in Chromium or a process; 1 s (vitest's default) is too short on a busy
    // shared machine. A poll that passes returns as soon as it does.
    expect: { poll: { timeout: 15_000 } },
  },
});
