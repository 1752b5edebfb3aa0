import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../automation/build-extension';
import { openTab, PopupPage, type TrackedTab } from '../automation/extension-pages';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import { setViewportSize } from '../automation/viewport';
import { serveStatic } from '../demo/static-server';
import { type Floors, measureFloors, medianFloors } from './capture-floor';
import { medianSteps, type SettingFigures, stepTable, takeStepReport } from './capture-steps';
import { median, ms, sleep } from './stats';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
/** Spacing between captures so the browser's two-a-second limit never enters the figures. */
const SPACING_MS = 700;

export async function setBanner(b: LaunchedBrowser, on: boolean): Promise<void> {
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
 * Medians of raw captureVisibleTab, of press-to-commit through the popup and of the browser's floor
 * (capture-floor.ts), interleaved, with the capture's own step timings (which the automation build
 * records).
 */
export async function visibleRuns(
  b: LaunchedBrowser,
  tab: TrackedTab,
  popup: PopupPage,
  runs: number,
  banner: boolean,
): Promise<SettingFigures> {
  const pipeline: number[] = [];
  const afterShot: number[] = [];
  const raw: number[] = [];
  const reports = [];
  const floors: Floors[] = [];
  for (let i = 0; i <= runs; i++) {
    await sleep(SPACING_MS);
    const r = await rawCapture(b, tab.tabId);
    await sleep(SPACING_MS);
    const saved = await popup.capture();
    const report = await takeStepReport(b);
    // The floor takes a screenshot too: spaced like the others, off the two-a-second limit.
    await sleep(SPACING_MS);
    const floor = await measureFloors(b, tab.tabId, popup.page, banner);
    if (i > 0) {
      raw.push(r);
      pipeline.push(saved.ms);
      afterShot.push(saved.ms - (report.calls.captureVisibleTab ?? 0));
      reports.push(report);
      floors.push(floor);
    }
  }
  return {
    pipeline: median(pipeline),
    pipelineAfterScreenshot: median(afterShot),
    raw: median(raw),
    steps: medianSteps(reports),
    floors: medianFloors(floors),
  };
}

/** press→committed against raw captureVisibleTab (the goal) and against the browser's floor. */
function ratioLine(label: string, f: SettingFigures, goal: number): string {
  const r = (a: number, b: number) => (a / b).toFixed(2);
  return (
    `${label} press→committed ${ms(f.pipeline)}  raw captureVisibleTab ${ms(f.raw)}  ratio ${r(f.pipeline, f.raw)} (goal ≤ ${goal})` +
    `  |  browser floor ${ms(f.floors.total)}: floor ÷ raw ${r(f.floors.total, f.raw)} (the browser's share), press ÷ floor ${r(f.pipeline, f.floors.total)}, ours ${ms(f.pipeline - f.floors.total)}` +
    ` (without the screenshots: ${ms(f.pipelineAfterScreenshot)} against ${ms(f.floors.afterScreenshot)}, ours ${ms(f.pipelineAfterScreenshot - f.floors.afterScreenshot)})`
  );
}

/** The capture figures (see runBench), printed as a table. */
export async function runCaptureBench(
  executablePath: string,
  extensionDir: string,
  runs: number,
  /** Only the visible captures (no full page, app shell or element): for iterating on the press. */
  { visibleOnly = false }: { visibleOnly?: boolean } = {},
): Promise<void> {
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
        const plain = await visibleRuns(b, tab, popup, runs, false);
        lines.push(ratioLine(`${label} visible, banner off:`, plain, 1.15));
        await setBanner(b, true);
        const banner = await visibleRuns(b, tab, popup, runs, true);
        lines.push(ratioLine(`${label} visible, banner on: `, banner, 1.3));
        steps.push(...stepTable(label.trim(), plain, banner));
        if (visibleOnly) continue;

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
