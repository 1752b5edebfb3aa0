import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built extension in real headless Chromium, two files at a time. Each file
 * has its own browser profile, fixture site, TSA and Ceph cluster on ports of their own, and writes
 * under its own temporary folders (package-install's `npm pack` also rewrites dist/, which no other
 * file reads), so two files share nothing. On two cores this took the Chromium step from about 31
 * to about 22 minutes.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
