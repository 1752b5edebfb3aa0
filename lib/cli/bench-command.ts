import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureExtensionBuilt, PROJECT_ROOT } from '../automation/build-extension';
import { openTab, PopupPage, type TrackedTab } from '../automation/extension-pages';
import { ensureChromium } from '../automation/find-chromium';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import { setViewportSize } from '../automation/viewport';
import { medianSteps, type SettingFigures, stepTable, takeStepReport } from '../bench/capture-steps';
import {
  CAPTURES as COVERAGE_CAPTURES,
  CONTROLS as COVERAGE_CONTROLS,
  RUNS as COVERAGE_RUNS,
  SMALL_CAPTURES as COVERAGE_SMALL,
  runCoverageBench,
} from '../bench/coverage-bench';
import { CAPTURES_EACH, EXPORT_RUNS, IMAGE, runExportBench, TEAMMATES } from '../bench/export-bench';
import {
  FULL_PAGE_PAIRS,
  ROWS as REDACTION_ROWS,
  RULE_SELECTOR,
  RULE_TOKEN_PATTERN,
  runRedactionBench,
} from '../bench/redaction-bench';
import { runVerifyBench, RUNS as VERIFY_RUNS } from '../bench/verify-bench';
import { serveStatic } from '../demo/static-server';
import { parseCommandLine, UsageError } from './usage';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
/** Spacing between captures so the browser's two-a-second limit never enters the figures. */
const SPACING_MS = 700;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

async function setBanner(b: LaunchedBrowser, on: boolean): Promise<void> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  const box = page.getByRole('checkbox', { name: /evidence banner/ });
  await box.setChecked(on);
  await page.getByRole('button', { name: 'Save capture settings' }).click();
  await page.getByText('Capture settings saved.').waitFor();
  await page.close();
}

async function rawCapture(b: LaunchedBrowser, tabId: number): Promise<number> {
  return b.worker.evaluate(async (id) => {
    const tab = await chrome.tabs.get(id);
    const t0 = performance.now();
    await chrome.tabs.captureVisibleTab(tab.windowId!, { format: 'png' });
    return performance.now() - t0;
  }, tabId);
}

/**
 * Medians of raw captureVisibleTab and of press-to-commit through the popup, interleaved, with
 * the capture's own step timings (which the automation build records).
 */
async function visibleRuns(
  b: LaunchedBrowser,
  tab: TrackedTab,
  popup: PopupPage,
  runs: number,
): Promise<SettingFigures> {
  const pipeline: number[] = [];
  const raw: number[] = [];
  const reports = [];
  for (let i = 0; i <= runs; i++) {
    await sleep(SPACING_MS);
    const r = await rawCapture(b, tab.tabId);
    await sleep(SPACING_MS);
    const saved = await popup.capture();
    const report = await takeStepReport(b);
    if (i > 0) {
      raw.push(r);
      pipeline.push(saved.ms);
      reports.push(report);
    }
  }
  return { pipeline: median(pipeline), raw: median(raw), steps: medianSteps(reports) };
}

/**
 * `npm run bench`: in headless Chromium, per viewport size: press-to-commit for the visible area of
 * the demo console's access review against raw captureVisibleTab on the same page (banner off and on),
 * with a per-step table of those captures (medians of the timings the automation build records in
 * capture-page.ts and hands over in storage.session; lib/bench/capture-steps.ts); full-page capture of a page
 * ten viewports tall against the rate-limit floor (frames ÷ 2 per second), and the same for an app
 * shell whose main pane holds ten pane heights (the document does not scroll); element capture time;
 * and the size of script that runs on every page. Then the redaction bench (lib/bench/redaction-bench.ts):
 * visible and full-page captures of a 2,000-row key table with three redaction rules against the
 * same captures without rules, interleaved in one browser. Then the export bench (lib/bench/export-bench.ts):
 * export throughput for 1,000 imported captures against reading the same images from IndexedDB
 * alone in the same run, and the page's peak JS heap during an export. Then the verify bench
 * (lib/bench/verify-bench.ts): `prooftrail verify` of a real signed bundle of about 1 GB against
 * `openssl dgst -sha256` over the same file in the same run, and the verifier's peak RSS.
 * Then the coverage bench (lib/bench/coverage-bench.ts): coverage of 10,000 captures over 150
 * controls and an audit year, in the library page (IndexedDB read + computeCoverage) and in this
 * Node process, each beside 100 captures in the same process.
 * `--only capture` runs the capture figures and the redaction bench, `--only redaction` the redaction
 * bench alone, `--only export`, `--only verify` or `--only coverage` one of those (verify needs no
 * Chromium).
 */
export async function runBench(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, { runs: { type: 'string' }, only: { type: 'string' } });
  const runs = Number(values.runs ?? 11);
  if (!Number.isInteger(runs) || runs < 3) throw new Error('--runs must be an integer of at least 3');
  const only = values.only;
  if (
    only !== undefined &&
    only !== 'capture' &&
    only !== 'redaction' &&
    only !== 'export' &&
    only !== 'verify' &&
    only !== 'coverage'
  )
    throw new UsageError(
      `--only must be "capture", "redaction", "export", "verify" or "coverage", not "${only}"`,
    );
  if (only !== 'verify') {
    const executablePath = ensureChromium();
    const extensionDir = ensureExtensionBuilt('automation');
    if (only === undefined || only === 'capture') await captureBench(executablePath, extensionDir, runs);
    if (only === undefined || only === 'capture' || only === 'redaction') {
      const lines = await runRedactionBench({ executablePath, extensionDir, visiblePairs: runs });
      console.log(
        `ProofTrail redaction bench (${REDACTION_ROWS}-row key table through the popup; rules: selector ${RULE_SELECTOR}, the email pattern, ${RULE_TOKEN_PATTERN}; without/with interleaved, ${runs} visible pairs after one warm-up, ${FULL_PAGE_PAIRS} full-page pairs, medians of press→committed)`,
      );
      for (const line of lines) console.log(line);
    }
    if (only === undefined || only === 'export') {
      const lines = await runExportBench({ executablePath, extensionDir });
      console.log(
        `ProofTrail export bench (${TEAMMATES} teammates' bundles × ${CAPTURES_EACH} captures imported, ${IMAGE.width}×${IMAGE.height} noise PNGs; ${EXPORT_RUNS} exports to a picked file, median, and one more for the heap)`,
      );
      for (const line of lines) console.log(line);
    }
    if (only === undefined || only === 'coverage') {
      const lines = await runCoverageBench({ executablePath, extensionDir });
      console.log(
        `ProofTrail coverage bench (${COVERAGE_CAPTURES.toLocaleString('en-US')} and ${COVERAGE_SMALL} captures over ${COVERAGE_CONTROLS} controls and an audit year, mixed cadences and sensitivities, some effective dates; ${COVERAGE_RUNS} runs each after one warm-up, medians)`,
      );
      for (const line of lines) console.log(line);
    }
  }
  if (only === undefined || only === 'verify') {
    const lines = await runVerifyBench();
    console.log(
      `ProofTrail verify bench (CLI verify of a real signed bundle against openssl dgst -sha256 over the same file; ${VERIFY_RUNS} interleaved runs after one warm-up, medians)`,
    );
    for (const line of lines) console.log(line);
  }
  return 0;
}

/** The capture figures (see runBench), printed as a table. */
async function captureBench(executablePath: string, extensionDir: string, runs: number): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
  };
  const everyPage = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
  const everyPageBytes = everyPage.reduce((n, f) => n + readFileSync(join(extensionDir, f)).byteLength, 0);
  const site = await serveStatic(join(PROJECT_ROOT, 'assets'));
  const lines: string[] = [];
  const steps: string[] = [];
  try {
    for (const size of SIZES) {
      const b = await launchWithExtension({ executablePath, extensionDir, windowSize: size });
      try {
        const tab = await openTab(b);
        await setViewportSize(tab.page, size.width, size.height);
        await tab.page.goto(`${site.origin}/demo-console/access-review.html`);
        const popup = await PopupPage.open(b, tab);
        await popup.ensureIdentity('Bench Runner', 'bench@prooftrail.example');
        await popup.pickControls(['A.8.15']);
        const label = `${size.width}x${size.height}`.padEnd(10);

        await setBanner(b, false);
        const plain = await visibleRuns(b, tab, popup, runs);
        lines.push(
          `${label} visible, banner off: press→committed ${ms(plain.pipeline)}  raw captureVisibleTab ${ms(plain.raw)}  ratio ${(plain.pipeline / plain.raw).toFixed(2)} (goal ≤ 1.5)`,
        );
        await setBanner(b, true);
        const banner = await visibleRuns(b, tab, popup, runs);
        lines.push(
          `${label} visible, banner on:  press→committed ${ms(banner.pipeline)}  raw captureVisibleTab ${ms(banner.raw)}  ratio ${(banner.pipeline / banner.raw).toFixed(2)}`,
        );
        steps.push(...stepTable(label.trim(), plain, banner));

        // A page ten viewports tall with a sticky header, for full-page and element capture.
        await tab.page.goto(`${site.origin}/bench/ten-viewports.html`);
        await popup.setMode('full-page');
        const full: number[] = [];
        for (let i = 0; i < 3; i++) {
          await sleep(SPACING_MS);
          full.push((await popup.capture()).ms);
        }
        const frames = await countFrames(b);
        const floor = (frames / 2) * 1000;
        lines.push(
          `${label} full page (${frames} frames): median ${ms(median(full))}  floor ${ms(floor)}  ratio ${(median(full) / floor).toFixed(2)} (goal ≤ 1.2)`,
        );

        // An app shell: the document does not scroll, its main pane holds ten pane heights.
        await tab.page.goto(`${site.origin}/bench/app-shell.html`);
        await popup.setMode('full-page');
        const shell: number[] = [];
        for (let i = 0; i < 3; i++) {
          await sleep(SPACING_MS);
          shell.push((await popup.capture()).ms);
        }
        const shellFrames = await countFrames(b);
        const shellFloor = (shellFrames / 2) * 1000;
        lines.push(
          `${label} full page, app shell (${shellFrames} frames): median ${ms(median(shell))}  floor ${ms(shellFloor)}  ratio ${(median(shell) / shellFloor).toFixed(2)} (goal ≤ 1.2)`,
        );

        await tab.page.goto(`${site.origin}/bench/ten-viewports.html`);
        await popup.setMode('element', '#card');
        const element: number[] = [];
        for (let i = 0; i < 5; i++) {
          await sleep(SPACING_MS);
          element.push((await popup.capture()).ms);
        }
        lines.push(`${label} element (crop): median ${ms(median(element))}`);
      } finally {
        await b.close();
      }
    }
  } finally {
    await site.close();
  }
  console.log(`ProofTrail capture bench (${runs} visible runs per setting after one warm-up)`);
  for (const line of lines) console.log(line);
  for (const line of steps) console.log(line);
  console.log(
    `script run on every page: ${everyPage.length ? `${everyPage.join(', ')} (${everyPageBytes} bytes)` : 'none (0 bytes): the agent, panel and renderer are injected on demand'}`,
  );
}

/** Frames of the newest capture, read from the extension's database. */
async function countFrames(b: LaunchedBrowser): Promise<number> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  const frames = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('prooftrail');
        open.onsuccess = () => {
          const req = open.result.transaction('captures').objectStore('captures').getAll();
          req.onsuccess = () => {
            const newest = req.result.sort((a, c) => c.capturedAt.localeCompare(a.capturedAt))[0];
            resolve(newest?.frames ?? 0);
          };
        };
      }),
  );
  await page.close();
  return frames;
}
