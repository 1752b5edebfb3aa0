import { join } from 'node:path';
import { ensureExtensionBuilt, PROJECT_ROOT } from '../automation/build-extension';
import { openTab, PopupPage } from '../automation/extension-pages';
import { ensureChromium } from '../automation/find-chromium';
import { launchWithExtension } from '../automation/launch';
import { setViewportSize } from '../automation/viewport';
import { serveStatic } from '../demo/static-server';
import { parseCommandLine } from './usage';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const GOAL = 1.5;
/** Spacing between captures so the browser's two-a-second limit never enters the figures. */
const SPACING_MS = 700;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * `npm run bench`: in one headless Chromium run per size, the median time from pressing capture in
 * the popup to the record being committed, against the median raw captureVisibleTab time on the
 * same page, and their ratio.
 */
export async function runBench(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, { runs: { type: 'string' } });
  const runs = Number(values.runs ?? 15);
  if (!Number.isInteger(runs) || runs < 3) throw new Error('--runs must be an integer of at least 3');
  const executablePath = ensureChromium();
  const extensionDir = ensureExtensionBuilt('automation');
  const site = await serveStatic(join(PROJECT_ROOT, 'assets/demo-console'));
  const rows: string[] = [];
  let worst = 0;
  try {
    for (const size of SIZES) {
      const b = await launchWithExtension({ executablePath, extensionDir, windowSize: size });
      try {
        const tab = await openTab(b);
        const { page, tabId } = tab;
        await page.goto(`${site.origin}/access-review.html`);
        await page.bringToFront();
        await setViewportSize(page, size.width, size.height);
        const viewport = await page.evaluate(() => `${innerWidth}x${innerHeight}@${devicePixelRatio}x`);
        const popup = await PopupPage.open(b, tab);
        await popup.ensureIdentity('Bench Runner', 'bench@prooftrail.example');
        await popup.pickControls(['A.5.18']);
        const pipeline: number[] = [];
        const raw: number[] = [];
        for (let i = 0; i < runs + 1; i++) {
          await sleep(SPACING_MS);
          const r = await b.worker.evaluate(async (id) => {
            const tab = await chrome.tabs.get(id);
            const t0 = performance.now();
            await chrome.tabs.captureVisibleTab(tab.windowId!, { format: 'png' });
            return performance.now() - t0;
          }, tabId);
          await sleep(SPACING_MS);
          const saved = await popup.capture();
          if (i > 0) {
            raw.push(r);
            pipeline.push(saved.ms);
          }
        }
        const ratio = median(pipeline) / median(raw);
        worst = Math.max(worst, ratio);
        rows.push(
          `${`${size.width}x${size.height}`.padEnd(10)} viewport ${viewport.padEnd(14)} capture→committed median ${median(pipeline).toFixed(1).padStart(6)} ms` +
            `   raw captureVisibleTab median ${median(raw).toFixed(1).padStart(6)} ms   ratio ${ratio.toFixed(2)}`,
        );
      } finally {
        await b.close();
      }
    }
  } finally {
    await site.close();
  }
  console.log(`ProofTrail capture bench (${runs} runs per size, first run of each discarded as warm-up)`);
  for (const row of rows) console.log(row);
  console.log(`worst ratio ${worst.toFixed(2)} (goal ≤ ${GOAL}): ${worst <= GOAL ? 'met' : 'NOT met'}`);
  return 0;
}
