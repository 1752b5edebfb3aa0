import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { captureInPanel, openPanelFromPopup } from './panel-frame';
import { captureCount, latestRecord } from './stored';
import { expectExit, runCli, tempDir, withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;

withSiteAndBrowser((started) => ({ site, b } = started));

/** The capture's signed time stays its own; the activity date is stated beside it. */
describe('effective date (when the activity happened) versus signed capture time', () => {
  it('popup: the activity date is recorded, the capture time is still the moment of capture', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.5.18']);
    await popup.setEffectiveDate('2026-06-30');
    const before = Date.now();
    await popup.capture();
    const record = await latestRecord(b);
    expect(record.effectiveDate).toBe('2026-06-30');
    expect(Date.parse(record.capturedAt)).toBeGreaterThanOrEqual(before - 1000);
    await popup.page.close();
    await tab.page.close();
  });

  it('popup: a date after today is refused with the reason, and nothing is stored', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const popup = await PopupPage.open(b, tab);
    const n = await captureCount(b);
    await popup.pickControls(['A.5.18']);
    await popup.setEffectiveDate('2099-01-01');
    await expect(popup.capture()).rejects.toThrow(/activity date 2099-01-01 is after today/);
    expect(await captureCount(b)).toBe(n);
    await popup.page.close();
    await tab.page.close();
  });

  it('panel: the activity date is recorded', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/review.html`);
    const panel = await openPanelFromPopup(b, tab);
    await panel.getByLabel('Find controls by ID or words').fill('A.8.2');
    await panel.getByLabel('Find controls by ID or words').press('Enter');
    await panel.getByLabel('Activity date (optional)').fill('2026-07-01');
    await captureInPanel(panel);
    expect((await latestRecord(b)).effectiveDate).toBe('2026-07-01');
    await tab.page.close();
  });

  it('library: the detail shows the activity date beside the capture time', async () => {
    const library = await LibraryPage.open(b);
    const p = library.page;
    await p.getByText('activity 2026-06-30').first().waitFor();
    await p
      .getByText('activity 2026-06-30')
      .first()
      .locator('xpath=ancestor::li[1]')
      .getByRole('button')
      .first()
      .click();
    // The detail opens once its record is read: wait for it, then check it says both times.
    const detail = p.getByRole('dialog').filter({ hasText: /^Captured|Captured / });
    await detail.getByText(/Captured .* · activity date 2026-06-30/).waitFor();
    await expect(detail.getByText(/Captured .* · activity date 2026-06-30/).count()).resolves.toBe(1);
    await p.close();
  });

  it('CLI: --effective-date lands in the bundle record, which verifies; a bad date is refused', async () => {
    const dir = tempDir('effective-date');
    const out = join(dir, 'bundle.zip');
    const bad = await runCli([
      'capture',
      '--url',
      `${site.origin}/review.html`,
      '--control',
      'A.5.18',
      '--effective-date',
      '2026-02-30',
      '--out',
      out,
    ]);
    expectExit(bad, 2);
    expect(bad.stderr).toContain('--effective-date "2026-02-30" is not a date');
    const r = await runCli([
      'capture',
      '--url',
      `${site.origin}/review.html`,
      '--control',
      'A.5.18',
      '--effective-date',
      '2026-06-30',
      '--capturer',
      'Dana Reyes <dana@example.test>',
      '--out',
      out,
    ]);
    expectExit(r, 0);
    const files = unzipSync(readFileSync(out));
    const records = Object.keys(files).filter((f) => /^controls\/[^/]+\/[^/]+\.json$/.test(f));
    expect(records).toHaveLength(1);
    const record = JSON.parse(new TextDecoder().decode(files[records[0]!]));
    expect(record.effectiveDate).toBe('2026-06-30');
    expect(record.capturedAt.slice(0, 10)).not.toBe('2026-06-30');
    const v = await runCli(['verify', out]);
    expectExit(v, 0);
    expect(v.stdout).toMatch(/^OK /);
  });
});
