import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { expectExit, readings, runCli, withSiteAndBrowser } from './support';

// Issue 10: a bundle about one control says nothing of captures filed under others beyond their
// existence, time and hashes: not their page, title, note, page text, controls or deletion reason.

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

/** Captures a fixture page through the popup, tagged and noted. */
async function captureThroughPopup(path: string, control: string, note: string): Promise<void> {
  const tab = await openTab(b);
  await tab.page.goto(`${site.origin}${path}`);
  const popup = await PopupPage.open(b, tab);
  await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
  await popup.pickControls([control]);
  await popup.setNote(note);
  await popup.capture();
  await popup.page.close();
  await tab.page.close();
}

describe('a scoped export', () => {
  it('holds nothing of the captures and deletions outside its scope, and verifies with a note saying how many', async () => {
    await captureThroughPopup('/review.html?team=ALPHA-IN', 'A.5.18', 'NOTE-IN-SCOPE');
    await captureThroughPopup('/change.html?ticket=OUTSIDE-PAGE-7', 'A.8.32', 'NOTE-OUTSIDE-9');
    await captureThroughPopup('/audit-log.html?view=GONE-PAGE-3', 'A.8.15', 'NOTE-GONE-4');

    const lib = await LibraryPage.open(b);
    const p = lib.page;
    await p.locator('section.group[data-control="A.8.15"]').locator('.card-button').click();
    await p.getByRole('button', { name: 'Delete…' }).click();
    await p.getByLabel('Reason (required)').fill('REASON-OUTSIDE-5');
    await p.getByRole('button', { name: 'Delete permanently' }).click();
    await p.getByText('the deletion is recorded below').waitFor();

    const file = await lib.export({ controls: ['A.5.18'] }, b.downloadsDir);
    const entries = unzipSync(readFileSync(file));
    // What is out of scope: the other pages' addresses, titles and text, notes, controls, the reason.
    const outside = [
      'OUTSIDE-PAGE-7',
      'change.html',
      'CHG-7',
      'NOTE-OUTSIDE-9',
      'A.8.32',
      'GONE-PAGE-3',
      'audit-log.html',
      'Audit log retention',
      'NOTE-GONE-4',
      'A.8.15',
      'REASON-OUTSIDE-5',
    ];
    for (const [name, bytes] of Object.entries(entries))
      for (const text of readings(bytes))
        for (const secret of outside) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
    // What is in scope is there, page and note included.
    const all = Object.values(entries)
      .map((bytes) => new TextDecoder().decode(bytes))
      .join('\n');
    for (const kept of ['ALPHA-IN', 'NOTE-IN-SCOPE', 'Quarterly access review']) expect(all).toContain(kept);

    const r = await runCli(['verify', file]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/^OK .*1 captures match the manifest \(format 9,/);
    // The change capture and the tombstone of the audit-log capture are left out on the exporter's word.
    expect(r.stdout).toContain(
      "NOTE ledger.jsonl: 2 capture or deletion entries within the scope's period and capturers are not in this bundle",
    );
    await p.close();
  });
});
