import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIRS, ensureExtensionBuilt, PROJECT_ROOT } from '../automation/build-extension';
import { runCaptureJob } from '../automation/capture-job';
import { ensureChromium } from '../automation/find-chromium';
import { serveStatic } from '../demo/static-server';
import { formatReport } from '../verify/report';
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

/**
 * `npm start`: builds the extension and serves the demo console. With a display, opens Chromium
 * with the extension on it for you to try; without one (or with --headless), captures the demo
 * screens, exports a bundle to ./demo-output/, verifies it and says what it did.
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
  const out = join(PROJECT_ROOT, 'demo-output', 'prooftrail-demo-bundle.zip');
  rmSync(out, { force: true });
  const result = await runCaptureJob({
    targets: DEMO_SCREENS.map((s) => ({ url: origin + s.path, controls: s.controls, note: s.note })),
    capturer: { name: 'Dana Reyes (demo)', email: 'dana.reyes@northwind.example' },
    out,
    installChromium: true,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`Exported ${result.captures.length} captures to ${result.bundlePath}`);
  const report = await verifyFile(result.bundlePath);
  for (const line of formatReport(report, 'demo bundle')) console.log(line);
  console.log(
    `Check it yourself: npx prooftrail verify ${join('demo-output', 'prooftrail-demo-bundle.zip')}`,
  );
  return report.ok ? 0 : 1;
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
