#!/usr/bin/env node
// Lints the Firefox build with Mozilla's web-ext (offline). Fails on any error, and on any warning
// that is not one of the known library idioms below: our own code must draw no warning at all.
// Each warning is located in the built file (line and column) and matched by the code around it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = join(root, '.output', 'firefox-mv2');

/**
 * Warnings that come from the libraries bundled into the add-on, each recognised by the code at the
 * warning's place; SOURCES-README.md explains them to AMO reviewers.
 */
const LIBRARY_WARNINGS = [
  {
    code: 'DANGEROUS_EVAL',
    library:
      'zod 4: probes once whether eval is allowed (it is not, under the CSP) and then validates without it',
    around: /jitless[^;]*Cloudflare[^;]*;try\{return Function\(``\),!0\}catch\{return!1\}/,
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    library: "Preact: its dangerouslySetInnerHTML prop, which ProofTrail's own code never uses",
    around: /dangerouslySetInnerHTML[\s\S]*\.innerHTML=\w+\.__html/,
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    library: 'html2canvas-pro: a fixed emoji test string, to measure how the browser lays out text',
    around:
      /createElement\(`boundtest`\)[\s\S]*\.innerHTML=typeof``\.repeat==`function`\?`&#128104;`\.repeat\(10\):``/,
  },
  {
    code: 'DANGEROUS_EVAL',
    library:
      "fontkit's bundled Function.prototype.bind polyfill (function-bind): never reached, every browser has bind",
    around: /return binder\.apply\(this,ar/,
  },
  {
    code: 'DANGEROUS_EVAL',
    library: "fontkit's bundled get-intrinsic: lists `eval` in its table of built-ins without calling it",
    around: /"%EvalError%":EvalError/,
  },
];

/** The code just before and after a warning's place in the built file. */
function around(m) {
  const line = readFileSync(join(addon, m.file), 'utf8').split('\n')[(m.line ?? 1) - 1] ?? '';
  const at = m.column ?? 0;
  return line.slice(Math.max(0, at - 400), at + 200);
}

const r = spawnSync(
  join(root, 'node_modules/.bin/web-ext'),
  ['lint', '-s', addon, '--output', 'json', '--no-config-discovery'],
  { cwd: root, encoding: 'utf8' },
);
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`web-ext lint did not produce a report:\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
writeFileSync(join(root, 'reports', 'web-ext-lint.json'), JSON.stringify(report, null, 2));
const ours = [];
for (const m of report.errors) console.log(`error ${m.code}: ${m.message} (${m.file ?? 'manifest'})`);
for (const m of report.warnings) {
  const known = m.file && LIBRARY_WARNINGS.find((k) => k.code === m.code && k.around.test(around(m)));
  console.log(
    `warning ${m.code}: ${m.message} (${m.file ?? 'manifest'}) ${known ? `from ${known.library}` : 'from OUR code'}`,
  );
  if (!known) ours.push(m);
}
for (const m of report.notices) console.log(`notice ${m.code}: ${m.message} (${m.file ?? 'manifest'})`);
console.log(
  `web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings (${ours.length} from our own code), ${report.summary.notices} notices`,
);
process.exit(report.summary.errors > 0 || ours.length > 0 ? 1 : 0);
