#!/usr/bin/env node
// `npm test`: every check a landing needs, in order, continuing past failures so one run shows
// everything. Vitest writes JSON reports to reports/; the last line sums them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeReports } from './summarize-reports.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

const steps = [
  ['lint and format (biome)', bin('biome'), ['check', '.']],
  ['type-check: extension (tsc --noEmit -p .)', bin('tsc'), ['--noEmit', '-p', '.']],
  ['type-check: Node code and tests (tsc --noEmit -p node)', bin('tsc'), ['--noEmit', '-p', 'node']],
  [
    'unit tests (vitest)',
    bin('vitest'),
    [
      'run',
      '--config',
      'vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'unit.json')}`,
    ],
  ],
  // npm run zip: the store build and the Firefox build, each zipped, and the AMO sources ZIP
  // (test/e2e/store-packages.e2e.ts checks them).
  ['build and zip: Chrome MV3 store, Firefox, sources (npm run zip)', 'npm', ['run', 'zip']],
  ['build: Chrome MV3 (automation)', bin('wxt'), ['build', '--mode', 'automation']],
  ['web-ext lint of the Firefox build', process.execPath, [join(root, 'test', 'web-ext-lint.mjs')]],
  [
    'end-to-end tests in Chromium (vitest + playwright-core)',
    bin('vitest'),
    [
      'run',
      '--config',
      'vitest.e2e.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'e2e.json')}`,
    ],
    { PROOFTRAIL_SKIP_BUILD: '1' },
  ],
  // Builds the Firefox automation add-on itself (test/firefox/global-setup.ts).
  [
    'end-to-end tests in Firefox ESR (vitest + puppeteer-core over WebDriver BiDi)',
    bin('vitest'),
    [
      'run',
      '--config',
      'vitest.firefox.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reports, 'firefox.json')}`,
    ],
  ],
];

const failed = [];
for (const [title, cmd, args, env] of steps) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status === 0) console.log(`--- ok: ${title} (${secs} s)`);
  else {
    console.log(`--- FAILED: ${title} (exit ${r.status ?? r.signal}, ${secs} s)`);
    failed.push(title);
  }
}

const summary = summarizeReports(reports);
writeFileSync(join(reports, 'summary.json'), JSON.stringify({ ...summary, failedSteps: failed }, null, 2));
console.log(failed.length ? `\nFailed steps: ${failed.join('; ')}` : '\nAll steps passed.');
console.log(summary.line);
process.exit(failed.length ? 1 : 0);
