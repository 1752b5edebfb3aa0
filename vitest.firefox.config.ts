import { defineConfig } from 'vitest/config';

/** Firefox end-to-end tests: the Firefox build in real headless Firefox ESR over WebDriver BiDi. */
export default defineConfig({
  test: {
    include: ['test/firefox/**/*.firefox.ts'],
    environment: 'node',
    globalSetup: ['test/firefox/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
