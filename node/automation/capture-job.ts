import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ensureExtensionBuilt } from './build-extension';
import { LibraryPage, openTab, PopupPage, type SavedCapture } from './extension-pages';
import { ensureChromium, findChromium, INSTALL_HINT } from './find-chromium';
import { type LaunchedBrowser, launchWithExtension } from './launch';
import { checkProfile } from './library-job';
import { pickRequestInPopup, type RequestTarget, requireControlsPicked } from './requests-pages';

/** One page to capture and the controls to tag it to. */
export interface CaptureTarget {
  url: string;
  controls: string[];
  note?: string;
  mode?: 'visible' | 'full-page' | 'element';
  /** CSS selector, for element mode. */
  selector?: string;
  /** CSS selectors to black out. */
  redact?: string[];
  /** When the activity shown happened (YYYY-MM-DD), if not today. */
  effectiveDate?: string;
  /** The auditor's request (and sample, or population) the capture fulfils, picked in the popup. */
  request?: RequestTarget;
}

/** A capture run: pages, who captures, where the bundle goes. */
export interface CaptureJob {
  targets: CaptureTarget[];
  capturer: { name: string; email: string };
  out: string;
  log?: (line: string) => void;
  /** RFC 3161 TSAs to stamp the ledger entries with. */
  tsaUrls?: string[];
  /** Keep the evidence in this Chromium profile folder (made if missing); a temporary one otherwise. */
  profile?: string;
  /** Install Debian's chromium when none is found (npm start does; the capture command does not). */
  installChromium?: boolean;
}

/** What the run produced. */
export interface CaptureJobResult {
  bundlePath: string;
  captures: (SavedCapture & { url: string; controls: string[] })[];
}

/**
 * Captures each page through the extension's own popup in headless Chromium, then exports every
 * capture from the library page into one bundle at `out`.
 */
export async function runCaptureJob(job: CaptureJob): Promise<CaptureJobResult> {
  const log = job.log ?? (() => undefined);
  const executablePath = job.installChromium ? ensureChromium(log) : requireChromium();
  const extensionDir = ensureExtensionBuilt('automation');
  const userDataDir = job.profile ? checkProfile(job.profile, false) : undefined;
  const b = await launchWithExtension({
    executablePath,
    extensionDir,
    headless: true,
    ...(userDataDir ? { userDataDir, downloadsDir: join(userDataDir, 'prooftrail-downloads') } : {}),
  });
  try {
    if (job.tsaUrls?.length) await setTsas(b, job.tsaUrls);
    const captures: CaptureJobResult['captures'] = [];
    for (const target of job.targets) {
      const saved = await captureOne(b, target, job.capturer);
      log(`captured ${target.url} → ${target.controls.join(', ')} (SHA-256 ${saved.shortHash}…)`);
      captures.push({ ...saved, url: target.url, controls: target.controls });
    }
    const library = await LibraryPage.open(b);
    const downloaded = await library.export({}, b.downloadsDir);
    const bundlePath = resolve(job.out);
    mkdirSync(dirname(bundlePath), { recursive: true });
    copyFileSync(downloaded, bundlePath);
    return { bundlePath, captures };
  } finally {
    await b.close();
  }
}

async function captureOne(b: LaunchedBrowser, target: CaptureTarget, capturer: CaptureJob['capturer']) {
  const tab = await openTab(b);
  const { page } = tab;
  try {
    const response = await page.goto(target.url, { waitUntil: 'load', timeout: 45_000 });
    if (response && response.status() >= 400)
      throw new Error(`${target.url} answered HTTP ${response.status()}`);
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`could not open ${target.url}: ${message}`);
  }
  const popup = await PopupPage.open(b, tab);
  try {
    await popup.ensureIdentity(capturer.name, capturer.email);
    if (target.request) await pickRequestInPopup(popup.page, target.request);
    await popup.pickControls(target.controls);
    if (target.request) await requireControlsPicked(popup.page, target.request);
    if (target.note) await popup.setNote(target.note);
    if (target.effectiveDate) await popup.setEffectiveDate(target.effectiveDate);
    if (target.mode && target.mode !== 'visible') await popup.setMode(target.mode, target.selector);
    if (target.redact?.length) await popup.setRedactSelectors(target.redact);
    return await popup.capture();
  } finally {
    await popup.page.close();
    await page.close();
  }
}

function requireChromium(): string {
  const found = findChromium();
  if (!found)
    throw new Error(`no Chromium found (set CHROME_PATH, or install /usr/bin/chromium):\n  ${INSTALL_HINT}`);
  return found;
}

/** Configures timestamp authorities through the Settings page, as a user would. */
async function setTsas(b: LaunchedBrowser, urls: string[]): Promise<void> {
  const page = await b.context.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByLabel('TSA addresses (one per line)').fill(urls.join('\n'));
    await page.getByRole('button', { name: 'Save timestamp authorities' }).click();
    const status = page.locator('#tsa-heading ~ form .capture-status li').first();
    await status.waitFor();
    const text = (await status.textContent()) ?? '';
    if (!text.startsWith('Timestamp authorities saved')) throw new Error(`--tsa refused: ${text}`);
  } finally {
    await page.close();
  }
}
