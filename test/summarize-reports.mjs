#!/usr/bin/env node
// Sums the test runners' own JSON reports in reports/ into the closing line `N passed, M failed`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Reads every Vitest JSON report in `dir`; a missing or unreadable report counts as a failure. */
export function summarizeReports(dir) {
  let passed = 0;
  let failed = 0;
  const expected = ['unit.json', 'e2e.json', 'firefox.json'];
  const extra = existsSync(dir)
    ? readdirSync(dir).filter(
        (f) =>
          f.endsWith('.json') && !expected.includes(f) && f !== 'summary.json' && f !== 'web-ext-lint.json',
      )
    : [];
  for (const name of [...expected, ...extra]) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      failed += 1;
      continue;
    }
    try {
      const r = JSON.parse(readFileSync(path, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.numTotalTests === 0 ? 1 : 0);
    } catch {
      failed += 1;
    }
  }
  return { passed, failed, reports: [...expected, ...extra], line: `${passed} passed, ${failed} failed` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'reports');
  console.log(summarizeReports(dir).line);
}
