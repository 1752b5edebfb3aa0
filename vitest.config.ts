import { defineConfig } from 'vitest/config';

/** Unit tests: logic in Node, IndexedDB from fake-indexeddb (Blobs round-trip only in `node`). */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
  },
});
