import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../node/demo/static-server';
import { describeCliRun, runCli, startFixtureSite, tempDir } from '../e2e/support';
import { startTestTsa, type TestTsa } from '../support/openssl-tsa';
import {
  aria,
  click,
  clickButton,
  type FirefoxSession,
  type FirefoxTab,
  fill,
  find,
  inExtension,
  launchFirefox,
  openExtensionPage,
  openTab,
  waitForText,
} from './firefox-driver';
import { captureInPanel, FirefoxLibrary, FirefoxPopup, panelFrame } from './firefox-pages';

/** What the tests read back from the extension's IndexedDB about the newest capture. */
interface Stored {
  id: string;
  captureMode: string;
  controlIds: string[];
  pageTitle: string;
  image: { width: number; height: number };
  viewport?: { width: number; height: number };
  pageSnapshot?: { format: string; mediaType: string; byteLength: number };
  pageSnapshotOmitted?: string;
  snapshotText?: string;
  timestamps: { status: string; tsaUrl: string }[];
}

/** The newest capture record, its snapshot's text, and the timestamp rows of its ledger entry. */
function latest(s: FirefoxSession): Promise<Stored> {
  return inExtension(
    s,
    () =>
      new Promise<Stored>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('captures').objectStore('captures').getAll();
          req.onsuccess = () => {
            const rec = req.result.sort((a, c) => c.capturedAt.localeCompare(a.capturedAt))[0];
            const ctx = db.transaction('pageContext').objectStore('pageContext').get(rec.id);
            ctx.onsuccess = async () => {
              const snapshotText = ctx.result?.snapshot ? await ctx.result.snapshot.text() : undefined;
              const ledger = db.transaction('ledger').objectStore('ledger').getAll();
              ledger.onsuccess = () => {
                const entry = ledger.result.find(
                  (l: { entry: { subject: string; type: string } }) =>
                    l.entry.type === 'capture' && l.entry.subject === rec.id,
                );
                const stamps = db.transaction('timestamps').objectStore('timestamps').getAll();
                stamps.onsuccess = () =>
                  resolve({
                    ...rec,
                    snapshotText,
                    timestamps: stamps.result
                      .filter((t: { seq: number }) => entry && t.seq === entry.entry.seq)
                      .map((t: { status: string; tsaUrl: string }) => ({
                        status: t.status,
                        tsaUrl: t.tsaUrl,
                      })),
                  });
              };
            };
          };
        };
      }),
    undefined,
  );
}

let site: StaticServer;
let tsa: TestTsa;
let s: FirefoxSession;
let caFile: string;
let bundle: string;
const tmp: string[] = [];

beforeAll(async () => {
  site = await startFixtureSite();
  tsa = await startTestTsa();
  const dir = tempDir('ff-tsa-root');
  tmp.push(dir);
  caFile = join(dir, 'root.pem');
  writeFileSync(caFile, tsa.caPem);
  s = await launchFirefox();
});
afterAll(async () => {
  await s?.close();
  await tsa?.close();
  await site?.close();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

/** Opens a fixture page in its own window and the popup aimed at it, identity filled in. */
async function popupFor(path: string): Promise<{ tab: FirefoxTab; popup: FirefoxPopup }> {
  const tab = await openTab(s, `${site.origin}${path}`);
  const popup = await FirefoxPopup.open(s, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  return { tab, popup };
}

describe('Firefox ESR: the core flows on the Firefox build (WebDriver BiDi)', () => {
  it('captures a local page from the popup, with an HTML snapshot of the live page (no pageCapture)', async () => {
    const { tab, popup } = await popupFor('/long.html');
    // A filter typed into the page: the snapshot must hold what was typed, not only the markup.
    await tab.page.evaluate(() =>
      document
        .querySelector('header')
        ?.insertAdjacentHTML('beforeend', '<input id="filter" aria-label="Filter">'),
    );
    await tab.page.type('#filter', 'owner:dana');
    await popup.pickControl('A.8.15');
    const hash = await popup.capture();
    const rec = await latest(s);
    expect(rec.id.replace(/-/g, '')).toBeTruthy();
    expect(hash).toMatch(/^[0-9a-f]{6,}/);
    expect(rec.captureMode).toBe('visible');
    expect(rec.controlIds).toEqual(['A.8.15']);
    expect(rec.pageTitle).toBe('Long audit log');
    expect(rec.image.width).toBeGreaterThan(0);
    // Firefox has no pageCapture: the snapshot is the page's DOM as it was, scripts' output included.
    expect(rec.pageSnapshotOmitted).toBeUndefined();
    expect(rec.pageSnapshot).toMatchObject({ format: 'html', mediaType: 'text/html;charset=utf-8' });
    expect(rec.snapshotText).toMatch(/^<!DOCTYPE html>/);
    expect(rec.snapshotText).toContain('Entry block 19');
    expect(rec.snapshotText).toContain('value="owner:dana"');
    expect(rec.snapshotText).toContain(`<base href="${site.origin}/long.html">`);
    await popup.page.close();
    await tab.page.close();
  });

  it('captures the full page, taller than the window', async () => {
    const { tab, popup } = await popupFor('/long.html');
    await popup.pickControl('A.8.15');
    await popup.setMode('Full page');
    await popup.capture();
    const rec = await latest(s);
    expect(rec.captureMode).toBe('full-page');
    const viewportHeight = await tab.page.evaluate(() => innerHeight * devicePixelRatio);
    // 19 bands of 400 px and the header: far more than one window.
    expect(rec.image.height).toBeGreaterThan(viewportHeight * 3);
    await popup.page.close();
    await tab.page.close();
  });

  it('opens the on-page panel from the popup and captures from it', async () => {
    const { tab, popup } = await popupFor('/review.html');
    await click(popup.page, '::-p-text(Capture on the page)');
    const frame = await panelFrame(s, tab.page);
    const search = await find(frame, aria('Find controls by ID or words'));
    await search.type('A.5.1');
    await waitForText(
      frame,
      () => document.querySelector('label.result .result-id')?.textContent ?? undefined,
    );
    await search.press('Enter');
    const status = await captureInPanel(frame);
    expect(status).toMatch(/^Saved\. SHA-256 [0-9a-f]/);
    const rec = await latest(s);
    expect(rec.controlIds).toEqual(['A.5.1']);
    expect(rec.pageTitle).toBe(await tab.page.title());
    if (!popup.page.isClosed()) await popup.page.close();
    await tab.page.close();
  });

  it('stamps a capture at the test TSA (OpenSSL) set in Settings', async () => {
    const settings = await openExtensionPage(s, 'options.html');
    await fill(settings, aria('TSA addresses (one per line)'), tsa.url);
    await clickButton(settings, 'Save timestamp authorities');
    await waitForText(settings, () =>
      document.body.innerText.includes('Timestamp authorities saved.') ? 'saved' : undefined,
    );
    await settings.close();
    const asked = tsa.requests();
    const { tab, popup } = await popupFor('/change.html');
    await popup.pickControl('A.8.32');
    await popup.capture();
    const id = (await latest(s)).id;
    await expect
      .poll(async () => (await latest(s)).timestamps, { timeout: 60_000, interval: 250 })
      .toEqual([{ status: 'stamped', tsaUrl: tsa.url }]);
    expect((await latest(s)).id).toBe(id);
    expect(tsa.requests()).toBeGreaterThan(asked);
    await popup.page.close();
    await tab.page.close();
  });

  it('exports the library to the downloads folder (no showSaveFilePicker in Firefox)', async () => {
    const lib = await FirefoxLibrary.open(s);
    const form = await lib.openExport();
    expect(form).toEqual({ fileChoice: false, downloadsChecked: true });
    const out = await lib.exportBundle(s.downloadsDir);
    expect(out.status).toMatch(/^Exported 4 captures/);
    bundle = out.path;
    const names = Object.keys(unzipSync(readFileSync(bundle)));
    expect(names).toContain('manifest.json');
    expect(names.filter((n) => n.endsWith('.html') && /snapshot|A\.8\.15/.test(n)).length).toBeGreaterThan(0);
    expect(names.some((n) => n.endsWith('.mhtml'))).toBe(false);
    await lib.page.close();
  });

  it('the exported bundle passes the CLI verifier, timestamps included', async () => {
    expect(bundle, 'the export test made no bundle').toBeTruthy();
    const v = await runCli(['verify', bundle, '--tsa-ca', caFile, '--require-timestamps']);
    expect(v.status, describeCliRun(v)).toBe(0);
    // Four captures and the export that signs the bundle; once a TSA is set the earlier entries are
    // stamped too, so every entry carries a token that chains to the test TSA's root.
    expect(v.stdout).toMatch(/4 captures match the manifest/);
    expect(v.stdout).toMatch(/ledger of 5 entries intact.*5 entries carry a valid RFC 3161 timestamp/);
  });
});
