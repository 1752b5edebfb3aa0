import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { runCli, withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;

withSiteAndBrowser((started) => ({ site, b } = started));

describe('tag, capture, library, export, verify', () => {
  let shortHash = '';

  it('asks who is capturing on first run, then captures a tagged page from the popup', async () => {
    const tab = await openTab(b);
    const { page } = tab;
    await page.goto(`${site.origin}/review.html`);
    const popup = await PopupPage.open(b, tab);
    const p = popup.page;
    await p.getByRole('heading', { name: 'Welcome to ProofTrail' }).waitFor();
    await p.getByLabel('Your email').fill('not an email');
    await p.getByLabel('Your name').fill('Dana Reyes');
    await p.getByRole('button', { name: 'Continue' }).click();
    await p.getByText('is not a valid address').waitFor();
    await p.getByLabel('Your email').fill('dana@example.test');
    await p.getByRole('button', { name: 'Continue' }).click();

    // Keyboard: type an ID fuzzily and press Enter to add the top match.
    const search = p.getByLabel('Find controls by ID or words');
    await search.fill('a5.18');
    await search.press('Enter');
    await search.fill('access granted changed removed');
    await p
      .getByRole('group', { name: 'Controls' })
      .locator('label.result', { hasText: 'CC6.3' })
      .getByRole('checkbox')
      .check();
    await expect(p.getByRole('list', { name: 'Selected controls' }).innerText()).resolves.toMatch(
      /A\.5\.18[\s\S]*CC6\.3/,
    );
    await p.getByLabel('Note (optional)').fill('Q4 review of <b>prod</b>');
    const saved = await popup.capture();
    shortHash = saved.shortHash;
    expect(shortHash).toMatch(/^[0-9a-f]{12}$/);
    await expect(p.locator('.saved time').innerText()).resolves.not.toBe('');
    await expect(p.locator('.recent li').count()).resolves.toBe(1);
    await p.close();
    await page.close();
  });

  it('shows the capture in the library under each control, with every field in the detail view', async () => {
    const lib = await LibraryPage.open(b);
    const p = lib.page;
    const group = p.locator('section.group[data-control="A.5.18"]');
    await group.waitFor();
    await expect(p.locator('section.group[data-control="CC6.3"]').count()).resolves.toBe(1);
    await expect(group.innerText()).resolves.toContain(shortHash);

    await p.getByLabel('URL contains').fill('no-such-page');
    await p.getByText('No capture matches these filters.').waitFor();
    await p.getByLabel('URL contains').fill('review.html');
    await group.waitFor();
    await p.getByLabel('Control', { exact: true }).selectOption('CC6.3');
    await expect(p.locator('section.group').count()).resolves.toBe(1);
    await p.getByRole('button', { name: 'Clear filters' }).click();

    await group.getByRole('button', { name: /^Quarterly access review/ }).click();
    const dialog = p.getByRole('dialog');
    await dialog.waitFor();
    const text = await dialog.innerText();
    for (const field of [
      'capturedAt',
      'timeZone',
      'utcOffset',
      'capturer.email',
      'browser.version',
      'viewport.width',
      'devicePixelRatio',
      'image.sha256',
      'metadataSha256',
      'pageUrl',
    ])
      expect(text).toContain(field);
    // Page and user text is shown as text, never parsed as HTML.
    expect(text).toContain('Q4 review of <b>prod</b>');
    await expect(dialog.locator('b').count()).resolves.toBe(0);
    // The image is read from the store once the detail opens (a placeholder until then), then decoded.
    const full = dialog.locator('img.full-image');
    await full.waitFor();
    await expect(
      full.evaluate(async (img: HTMLImageElement) => {
        await img.decode();
        return img.naturalWidth;
      }),
    ).resolves.toBeGreaterThan(100);
    // The detail runs the shared verification primitives over the stored capture.
    await dialog.getByText("OK ledger entry #1 is intact and signed by this device's key").waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await p.close();
  });

  it('exports one control as a bundle that the CLI verifies', async () => {
    const lib = await LibraryPage.open(b);
    await lib.page.locator('section.group[data-control="A.5.18"]').waitFor();
    const file = await lib.export({ controls: ['A.5.18'] }, b.downloadsDir);
    expect(file).toMatch(/prooftrail-A\.5\.18-.*\.zip$/);
    const names = Object.keys(unzipSync(readFileSync(file)));
    expect(names.some((n) => n.startsWith('controls/A.5.18/') && n.endsWith('.png'))).toBe(true);
    expect(names.some((n) => n.startsWith('controls/CC6.3/'))).toBe(false);
    const r = await runCli(['verify', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^OK .*1 captures match the manifest/);
    expect(r.status).toBe(0);
    await lib.page.close();
  });

  it('deletes only after confirmation with a reason, and records the deletion', async () => {
    const lib = await LibraryPage.open(b);
    const p = lib.page;
    await p.locator('section.group[data-control="A.5.18"]').locator('.card-button').click();
    await p.getByRole('button', { name: 'Delete…' }).click();
    const confirm = p.getByRole('button', { name: 'Delete permanently' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await p.getByRole('button', { name: 'Cancel' }).click();
    await p.keyboard.press('Escape');
    await expect(p.locator('section.group').count()).resolves.toBe(2);

    await p.locator('section.group[data-control="A.5.18"]').locator('.card-button').click();
    await p.getByRole('button', { name: 'Delete…' }).click();
    await p.getByLabel('Reason (required)').fill('Captured the wrong account');
    await confirm.click();
    await p.getByText('the deletion is recorded below').waitFor();
    await expect(p.locator('section.group').count()).resolves.toBe(0);
    const log = p.getByRole('region', { name: 'Deletion log' });
    await expect(log.innerText()).resolves.toContain('Captured the wrong account');
    await expect(log.innerText()).resolves.toContain('Dana Reyes');
    await p.close();
  });
});
