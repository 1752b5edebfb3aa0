import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LibraryPage,
  openTab,
  PopupPage,
  SettingsPage,
  type TrackedTab,
} from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { everythingStored, latestRecord, storedPageText } from './stored';
import { withSiteAndBrowser } from './support';

/** Stored text as a reader of the snapshot would see it: quoted-printable soft breaks and escapes undone. */
const decoded = (s: string) =>
  s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

let site: StaticServer;
let b: LaunchedBrowser;
let tab: TrackedTab;

withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  const settings = await SettingsPage.open(b);
  await settings.saveRedactionRules({ patterns: 'sk_live_\\w+' });
  await settings.page.close();
  tab = await openTab(b);
});

async function capture(mode: 'visible' | 'full-page' | 'element' = 'visible', selector?: string) {
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.pickControls(['A.5.17']);
  await popup.setMode(mode, selector);
  await popup.capture();
  await popup.page.close();
  return latestRecord(b);
}

describe('redaction through the capture pipeline', () => {
  it('keeps no snapshot when a rule matches only below the fold, and stores the secret nowhere', async () => {
    await tab.page.goto(`${site.origin}/below-fold.html`);
    const record = await capture('visible');
    expect(record.redactions).toEqual([]); // nothing on screen to black out...
    expect(record.pageSnapshot).toBeUndefined(); // ...yet the page holds a match
    expect(record.pageSnapshotOmitted).toMatch(/outside what was captured/);
    const text = (await storedPageText(b, record.id)) ?? '';
    expect(text).toContain('Environment: production');
    expect(text).not.toContain('Deploy key'); // the visible area's text only
    expect(decoded(await everythingStored(b))).not.toContain('belowfold321');
    const lib = await LibraryPage.open(b);
    await lib.page.locator('section.group').first().waitFor();
    const file = await lib.export({ controls: ['A.5.17'] }, b.downloadsDir);
    const all = Object.values(unzipSync(readFileSync(file)))
      .map((bytes) => decoded(new TextDecoder().decode(bytes)))
      .join('\n');
    expect(all).not.toContain('belowfold321');
    await lib.page.close();
  });

  it('keeps the whole page text, masked, for a full-page capture', async () => {
    await tab.page.goto(`${site.origin}/below-fold.html`);
    const record = await capture('full-page');
    const text = (await storedPageText(b, record.id)) ?? '';
    expect(text).toContain('Deploy key: [redacted]');
    expect(text).not.toContain('belowfold321');
  });

  it('keeps only the element text for an element capture, and lists the cross-origin frame as not inspected', async () => {
    await tab.page.goto(`${site.origin}/secrets.html`);
    await tab.page.frameLocator('#same').locator('#frame-pw').waitFor();
    const record = await capture('element', '#boxed');
    expect((await storedPageText(b, record.id)) ?? '').toBe('Billing account ACCT-BOXED-5150');
    const crossOrigin = site.origin.replace('127.0.0.1', 'localhost');
    expect(record.notices).toContainEqual(expect.stringContaining(`cross-origin frame ${crossOrigin}`));
    expect(record.pageSnapshot).toBeUndefined();
  });
});
