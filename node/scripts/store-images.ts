// `npm run store-images`: the store listing's screenshots (1280×800 PNGs in docs/store/), made from
// the demo console with the built extension in headless Chromium, so they show the product as it
// is: the popup over a demo screen, the on-page panel, the evidence library, and a bundle verified
// by its own verify.html. Set PROOFTRAIL_SKIP_BUILD=1 to use the automation build already there.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { ensureExtensionBuilt, PROJECT_ROOT } from '../automation/build-extension';
import { LibraryPage, openTab, PopupPage, type TrackedTab } from '../automation/extension-pages';
import { ensureChromium } from '../automation/find-chromium';
import { type LaunchedBrowser, launchWithExtension } from '../automation/launch';
import { setViewportSize } from '../automation/viewport';
import { DEMO_SCREENS } from '../cli/demo-command';
import { serveStatic } from '../demo/static-server';

/** The size the Chrome Web Store, Edge Add-ons and AMO all accept for screenshots. */
export const STORE_SIZE = { width: 1280, height: 800 } as const;
/** Where the images are written (committed, so the listing can be updated from the repository). */
export const STORE_DIR = join(PROJECT_ROOT, 'docs', 'store');
/** The images, in listing order. */
export const STORE_IMAGES = ['1-popup.png', '2-panel.png', '3-library.png', '4-verified-bundle.png'] as const;

const CAPTURER = { name: 'Dana Reyes', email: 'dana.reyes@northwind.example' };

/** Writes every store image; returns their paths. */
export async function makeStoreImages(outDir = STORE_DIR): Promise<string[]> {
  const extensionDir = ensureExtensionBuilt('automation', {
    force: process.env.PROOFTRAIL_SKIP_BUILD !== '1',
    quiet: true,
  });
  mkdirSync(outDir, { recursive: true });
  const site = await serveStatic(join(PROJECT_ROOT, 'assets', 'demo-console'));
  const b = await launchWithExtension({
    executablePath: ensureChromium(),
    extensionDir,
    windowSize: STORE_SIZE,
  });
  const work = mkdtempSync(join(tmpdir(), 'prooftrail-store-images-'));
  try {
    const [review, change] = DEMO_SCREENS as [(typeof DEMO_SCREENS)[0], (typeof DEMO_SCREENS)[1]];
    const out = (name: (typeof STORE_IMAGES)[number]) => join(outDir, name);

    // 1. The popup, filled in, over the screen it is about to capture (as it drops from the toolbar).
    const reviewTab = await openDemoTab(b, site.origin + review.path);
    const popup = await PopupPage.open(b, reviewTab);
    await popup.ensureIdentity(CAPTURER.name, CAPTURER.email);
    await popup.pickControls(review.controls);
    await popup.setNote(review.note);
    const popupShot = await popupImage(popup.page);
    await popup.capture();
    await popup.page.close();
    await composePopup(b, await reviewTab.page.screenshot(), popupShot, out('1-popup.png'));

    // 2. The on-page panel on the change approval screen, opened from the popup as a person does.
    const changeTab = await openDemoTab(b, site.origin + change.path);
    const opener = await PopupPage.open(b, changeTab);
    const closed = opener.page.waitForEvent('close');
    await opener.page.getByRole('button', { name: /Capture on the page/ }).click();
    await closed;
    const panel = changeTab.page.frames().find((f) => /\/panel-frame\.html/.test(f.url()));
    const frame = panel ?? (await waitForPanelFrame(changeTab.page));
    const dialog = frame.getByRole('dialog', { name: 'ProofTrail evidence panel' });
    await dialog.waitFor();
    const search = dialog.getByLabel('Find controls by ID or words');
    for (const id of change.controls) {
      await search.fill(id);
      const exact = new RegExp(`^${id.replaceAll('.', '\\.')}$`);
      await dialog
        .locator('label.result', { has: frame.locator('.result-id', { hasText: exact }) })
        .first()
        .getByRole('checkbox')
        .check();
    }
    await search.fill('');
    await dialog.getByLabel('Note (optional)').fill(change.note);
    await changeTab.page.screenshot({ path: out('2-panel.png') });
    await changeTab.page.close();

    // More evidence, so the library shows a few captures.
    await captureThrough(b, site.origin + change.path, change.controls, change.note);
    await captureThrough(
      b,
      `${site.origin}/activity-log.html`,
      ['A.8.15'],
      'Weekly review of the activity log',
    );

    // 3. The evidence library.
    const library = await LibraryPage.open(b, 'evidence');
    await setViewportSize(library.page, STORE_SIZE.width, STORE_SIZE.height);
    await library.listCount();
    await library.page.locator('.groups[aria-busy="false"]').waitFor();
    await library.page.screenshot({ path: out('3-library.png') });

    // 4. The exported bundle, verified offline by the verify.html inside it.
    const bundle = await library.export({}, b.downloadsDir);
    const unzipped = join(work, 'bundle');
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(bundle)))) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(unzipped, name)), { recursive: true });
      writeFileSync(join(unzipped, name), bytes);
    }
    const verify = await b.context.newPage();
    await setViewportSize(verify, STORE_SIZE.width, STORE_SIZE.height);
    await verify.goto(`file://${join(unzipped, 'verify.html')}`);
    await verify.locator('#zip').setInputFiles(bundle);
    const result = verify.locator('#result');
    await result.filter({ hasNotText: /Checking|No bundle checked/ }).waitFor({ timeout: 60_000 });
    if (!(await verify.locator('#result.ok').count()))
      throw new Error(`the demo bundle did not verify: ${await result.textContent()}`);
    // The verdict at the top of the picture; the form above it is what the first screens show.
    await verify.evaluate(() => document.querySelector('#result')?.previousElementSibling?.scrollIntoView());
    await verify.screenshot({ path: out('4-verified-bundle.png') });
    return STORE_IMAGES.map(out);
  } finally {
    await b.close();
    await site.close();
    rmSync(b.userDataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** A demo screen in a window of its own, its viewport the store size. */
async function openDemoTab(b: LaunchedBrowser, url: string): Promise<TrackedTab> {
  const tab = await openTab(b);
  await tab.page.goto(url, { waitUntil: 'load' });
  await setViewportSize(tab.page, STORE_SIZE.width, STORE_SIZE.height);
  return tab;
}

async function captureThrough(b: LaunchedBrowser, url: string, controls: readonly string[], note: string) {
  const tab = await openDemoTab(b, url);
  const popup = await PopupPage.open(b, tab);
  await popup.pickControls(controls);
  await popup.setNote(note);
  await popup.capture();
  await popup.page.close();
  await tab.page.close();
}

/** The popup as the toolbar shows it: 400 px wide, as tall as its content up to the screen's height. */
async function popupImage(page: Page): Promise<Buffer> {
  const size = await page.evaluate(() => ({
    width: document.body.getBoundingClientRect().width,
    height: document.documentElement.scrollHeight,
  }));
  const height = Math.min(size.height, STORE_SIZE.height - 40);
  return page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width: Math.ceil(size.width), height } });
}

async function waitForPanelFrame(page: Page) {
  return page.waitForEvent('framenavigated', {
    predicate: (f) => /\/panel-frame\.html/.test(f.url()),
    timeout: 15_000,
  });
}

/** The page's screenshot with the popup's drawn over its top right corner, where the toolbar drops it. */
async function composePopup(b: LaunchedBrowser, page: Buffer, popup: Buffer, path: string): Promise<void> {
  const url = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
  const canvas = await b.context.newPage();
  try {
    await setViewportSize(canvas, STORE_SIZE.width, STORE_SIZE.height);
    await canvas.setContent(
      `<body style="margin:0;position:relative;width:${STORE_SIZE.width}px;height:${STORE_SIZE.height}px;overflow:hidden">` +
        `<img src="${url(page)}" style="position:absolute;inset:0">` +
        `<img src="${url(popup)}" style="position:absolute;top:0;right:24px;` +
        'border:1px solid #9aa0a6;border-top:0;border-radius:0 0 8px 8px;' +
        'box-shadow:0 8px 24px rgba(0,0,0,.35)"></body>',
    );
    await canvas.evaluate(() => Promise.all([...document.images].map((i) => i.decode())));
    await canvas.screenshot({ path });
  } finally {
    await canvas.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const path of await makeStoreImages()) console.log(`store image → ${path}`);
}
