#!/usr/bin/env node
// Lints the Firefox build with Mozilla's web-ext (offline); fails on errors, lists warnings.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(
  join(root, 'node_modules/.bin/web-ext'),
  ['lint', '-s', '.output/firefox-mv2', '--output', 'json', '--no-config-discovery'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`web-ext lint did not produce a report:\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
writeFileSync(join(root, 'reports', 'web-ext-lint.json'), JSON.stringify(report, null, 2));
for (const kind of ['errors', 'warnings', 'notices'])
  for (const m of report[kind])
    console.log(`${kind.slice(0, -1)} ${m.code}: ${m.message} (${m.file ?? 'manifest'})`);
console.log(
  `web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`,
);
process.exit(report.summary.errors > 0 ? 1 : 0);
