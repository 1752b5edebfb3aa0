import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { coverageJsonSchema } from '../../lib/formats/coverage-json';
import { formatReport } from '../../lib/verify/report';
import { BUILD_DIRS, ensureExtensionBuilt, PROJECT_ROOT } from '../automation/build-extension';
import { type CaptureTarget, runCaptureJob } from '../automation/capture-job';
import { ensureChromium } from '../automation/find-chromium';
import { runCadencesImportJob, runCoverageJob, runExportJob } from '../automation/library-job';
import { serveStatic } from '../demo/static-server';
import { coverageTable } from './coverage-command';
import { parseCommandLine } from './usage';
import { verifyFile } from './verify-command';

const DEMO_ROOT = join(PROJECT_ROOT, 'assets/demo-console');

/** The screens of the demo console and the controls each is evidence for. */
export const DEMO_SCREENS = [
  {
    path: '/access-review.html',
    controls: ['A.5.18', 'CC6.2', 'CC6.3'],
    note: 'Q4 2026 access review of the production AWS account',
  },
  {
    path: '/change-approval.html',
    controls: ['A.8.32', 'CC8.1'],
    note: 'CHG-1042 approved by change manager and security before release',
  },
];

/** The demo's cadences (assets/demo-console/cadences.csv) and its organisation's time zone. */
const DEMO_CADENCES = join(DEMO_ROOT, 'cadences.csv');
const DEMO_TIME_ZONE = 'Europe/London';

/**
 * `npm start`: builds the extension and serves the demo console. With a display, opens Chromium
 * with the extension on it for you to try; without one (or with --headless), captures the demo
 * screens over an audit period of three months, sets the controls' cadences, prints the coverage,
 * exports a bundle to ./demo-output/, verifies it and says what it did.
 */
export async function runDemo(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, { headless: { type: 'boolean' } });
  const headless = values.headless || !process.env.DISPLAY;
  const site = await serveStatic(DEMO_ROOT);
  try {
    console.log(`Demo console served at ${site.origin}/`);
    return headless ? await headlessDemo(site.origin) : await interactiveDemo(site.origin);
  } finally {
    await site.close();
  }
}

async function headlessDemo(origin: string): Promise<number> {
  console.log('No display: running the capture flow headless.');
  ensureExtensionBuilt('automation', { force: true });
  const outDir = join(PROJECT_ROOT, 'demo-output');
  const out = join(outDir, 'prooftrail-demo-bundle.zip');
  const profile = join(outDir, 'demo-profile');
  rmSync(out, { force: true });
  rmSync(profile, { recursive: true, force: true });
  const period = demoPeriod(new Date());
  console.log(
    `Audit period ${period.from} to ${period.to} (${DEMO_TIME_ZONE}): the evidence of a quarter, each capture dated when its activity happened.`,
  );
  const log = (line: string) => console.log(`  ${line}`);
  await runCaptureJob({
    targets: demoTargets(origin, period, new Date()),
    capturer: { name: 'Dana Reyes (demo)', email: 'dana.reyes@northwind.example' },
    out: join(outDir, 'captures-only.zip'),
    profile,
    installChromium: true,
    log,
  });
  rmSync(join(outDir, 'captures-only.zip'), { force: true });
  const cadences = await runCadencesImportJob({
    profile,
    file: DEMO_CADENCES,
    period: { ...period, timeZone: DEMO_TIME_ZONE },
  });
  if (!cadences.ok)
    throw new Error(`the demo cadences were refused: ${[cadences.text, ...cadences.lines].join('; ')}`);
  console.log(cadences.text);
  for (const framework of ['ISO/IEC 27001:2022', 'SOC 2 (TSC 2017)']) {
    const json = coverageJsonSchema.parse(
      JSON.parse(await runCoverageJob({ profile, query: { framework } })),
    );
    console.log(`\n${framework}\n${coverageTable(json)}`);
  }
  const exported = await runExportJob({ profile, scope: {}, out, log });
  console.log(`\nExported the quarter's evidence to ${exported.bundlePath}`);
  const report = await verifyFile(exported.bundlePath);
  for (const line of formatReport(report, 'demo bundle')) console.log(line);
  console.log(
    `Check it yourself: npx prooftrail verify ${join('demo-output', 'prooftrail-demo-bundle.zip')}`,
  );
  console.log(
    `See the coverage grid: npx prooftrail coverage --profile ${join('demo-output', 'demo-profile')} --framework iso27001`,
  );
  return report.ok ? 0 : 1;
}

/** Three whole months ending with this one (UTC calendar): the demo's audit period. */
export function demoPeriod(now: Date): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(new Date(Date.UTC(y, m - 2, 1))), to: day(new Date(Date.UTC(y, m + 1, 0))) };
}

/**
 * What the demo captures, each with the date its activity happened, up to today: an access review
 * in each month but this one (so this month's is due), a change approved in each earlier month,
 * and the weekly log review of every week begun two days or more ago except two (late: gaps).
 */
export function demoTargets(origin: string, period: { from: string }, now: Date): CaptureTarget[] {
  const start = Date.parse(`${period.from}T12:00:00Z`);
  const today = now.toISOString().slice(0, 10);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const month = (k: number, d: number) => {
    const s = new Date(start);
    return day(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + k, d));
  };
  const [review, change] = DEMO_SCREENS as [(typeof DEMO_SCREENS)[0], (typeof DEMO_SCREENS)[1]];
  const targets: CaptureTarget[] = [];
  for (const k of [0, 1]) {
    targets.push({
      url: origin + review.path,
      controls: review.controls,
      note: review.note,
      effectiveDate: month(k, 4),
    });
    targets.push({
      url: origin + change.path,
      controls: change.controls,
      note: change.note,
      effectiveDate: month(k, 14 + 3 * k),
    });
  }
  for (let w = 0; ; w++) {
    const weekStart = start + w * 7 * 86_400_000;
    const reviewed = day(weekStart + 2 * 86_400_000);
    if (reviewed > today) break;
    if (w === 3 || w === 6) continue;
    targets.push({
      url: `${origin}/activity-log.html`,
      controls: ['A.8.15'],
      note: `Weekly review of warnings and above in the production activity log (week of ${day(weekStart)})`,
      effectiveDate: reviewed,
    });
  }
  return targets.filter((t) => !t.effectiveDate || t.effectiveDate <= today);
}

async function interactiveDemo(origin: string): Promise<number> {
  const executablePath = ensureChromium();
  ensureExtensionBuilt('production', { force: true });
  console.log(
    'Opening Chromium with ProofTrail loaded. Click the ProofTrail toolbar button on a demo screen,',
  );
  console.log('pick controls and press "Capture visible area". Close the browser to end the demo.');
  const child = spawn(
    executablePath,
    [
      `--user-data-dir=${join(PROJECT_ROOT, '.output', 'demo-profile')}`,
      `--load-extension=${BUILD_DIRS.production}`,
      `--disable-extensions-except=${BUILD_DIRS.production}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      // Chromium refuses to run as root with its sandbox on (containers, CI boxes).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `${origin}/access-review.html`,
      `${origin}/change-approval.html`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const started = Date.now();
  return new Promise((resolve) => {
    child.once('error', (e) => {
      console.error(`Could not start Chromium (${executablePath}): ${e.message}`);
      resolve(1);
    });
    child.once('exit', (code) => {
      // A browser that dies at once never showed a window: say why instead of ending silently.
      if (code !== 0 && Date.now() - started < 10_000) {
        console.error(`Chromium exited with code ${code} before showing a window:\n${stderr.trim()}`);
        console.error('Without a usable display, run `npm start -- --headless`.');
        resolve(1);
      } else resolve(0);
    });
  });
}
