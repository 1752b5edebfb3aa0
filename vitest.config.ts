import { defineConfig } from 'vitest/config';

/** Unit tests: logic in Node, IndexedDB from fake-indexeddb (Blobs round-trip only in `node`). */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
    globalSetup: ['test/unit/global-setup.ts'],
    // Tests that sign, stamp with OpenSSL and zip take well under a second alone, but several
    // times that on two shared, busy cores: vitest's 5 s default failed them under load.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
