import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { everythingStored, inspectImage, latestRecord, storedPageText, thumbnailBrightness } from './stored';
import { expectExit, runCli, tempDir, withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

describe('redaction before saving', () => {
  it('settings reject a bad pattern and a bad selector, saving nothing', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByLabel('Always black out these CSS selectors (one per line)').fill('.account-id\n[[bad');
    await page.getByRole('button', { name: 'Save capture settings' }).click();
    await page.getByText('Selector on line 2 "[[bad" is not a valid CSS selector.').waitFor();
    await page.getByLabel('Always black out these CSS selectors (one per line)').fill('.account-id');
    await page
      .getByLabel('Always black out text matching these patterns (regular expressions, one per line)')
      .fill('(unclosed');
    await page.getByRole('button', { name: 'Save capture settings' }).click();
    await page.getByText(/Text pattern 1 "\(unclosed" is not a valid regular expression/).waitFor();
    await page.reload();
    await expect(
      page.getByLabel('Always black out these CSS selectors (one per line)').inputValue(),
    ).resolves.toBe('');

    await page.getByLabel('Always black out these CSS selectors (one per line)').fill('.account-id');
    await page.getByRole('button', { name: 'Add email addresses' }).click();
    await page.getByRole('button', { name: 'Save capture settings' }).click();
    await page.getByText('Capture settings saved.').waitFor();
    await page.close();
  });

  it('burns password fields, configured selectors and text patterns into the pixels, and keeps no unredacted copy', async () => {
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/login.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.5.17']);
    await popup.capture();
    const record = await latestRecord(b);
    const rules = record.redactions.map((r) => `${r.rule}:${r.detail}`);
    expect(rules).toContain('password-field:input[type=password]');
    expect(rules).toContain('selector:.account-id');
    expect(rules.some((r) => r.startsWith('text-pattern:'))).toBe(true);
    // Every masked area is solid black in the stored image (inset by one pixel for edges).
    const probes = record.redactions.map((r) => ({
      x: r.x + 1,
      y: r.y + 1,
      width: Math.max(1, r.width - 2),
      height: Math.max(1, r.height - 2),
    }));
    const img = await inspectImage(b, record.id, { solid: probes });
    expect(img.solid).toEqual(probes.map(() => true));
    // ...and dark in the preview made from it (WebP, a quarter the size: dark on average, not
    // exactly black), while the page around them is not.
    const page = { x: 0, y: 0, width: img.width, height: img.height };
    const [whole, ...masked] = await thumbnailBrightness(b, record.id, [page, ...probes]);
    expect(whole).toBeGreaterThan(120);
    for (const [i, v] of masked.entries()) expect(v, `${rules[i]} in the preview`).toBeLessThan(40);
    // The redacted text is gone from the stored page text, and no snapshot was kept.
    const text = (await storedPageText(b, record.id)) ?? '';
    expect(text).toContain('Account settings');
    expect(text).not.toContain('ACC-998877');
    expect(text).not.toContain('jane.doe@example.test');
    expect(record.pageSnapshot).toBeUndefined();
    expect(record.pageSnapshotOmitted).toMatch(/Redaction was applied/);
    // Nothing anywhere in the database holds the secrets (images are PNG: check the text stores).
    const dump = await everythingStored(b);
    for (const secret of ['ACC-998877', 'jane.doe@example.test', 'hunter2secret'])
      expect(dump).not.toContain(secret);
    await popup.page.close();

    // ...nor in the exported bundle.
    const lib = await LibraryPage.open(b);
    await lib.page.locator('section.group').first().waitFor();
    const file = await lib.export({ controls: ['A.5.17'] }, b.downloadsDir);
    const entries = unzipSync(readFileSync(file));
    const names = Object.keys(entries);
    expect(names.some((n) => n.endsWith('.mhtml'))).toBe(false);
    const all = Object.values(entries)
      .map((bytes) => new TextDecoder().decode(bytes))
      .join('\n');
    for (const secret of ['ACC-998877', 'jane.doe@example.test', 'hunter2secret'])
      expect(all).not.toContain(secret);
    expectExit(await runCli(['verify', file]), 0);
  });

  it('keeps the page snapshot when nothing needed redacting', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByLabel('Always black out these CSS selectors (one per line)').fill('');
    await page
      .getByLabel('Always black out text matching these patterns (regular expressions, one per line)')
      .fill('');
    await page.getByRole('button', { name: 'Save capture settings' }).click();
    await page.getByText('Capture settings saved.').waitFor();
    await page.close();
    const tab = await openTab(b);
    await tab.page.goto(`${site.origin}/change.html`);
    const popup = await PopupPage.open(b, tab);
    await popup.pickControls(['A.8.32']);
    await popup.capture();
    const record = await latestRecord(b);
    expect(record.redactions).toEqual([]);
    expect(record.pageSnapshot).toMatchObject({ format: 'mhtml' });
    expect(record.pageSnapshot!.byteLength).toBeGreaterThan(100);
  });

  it('the CLI redacts a selector with --redact', async () => {
    const out = `${tempDir('redact')}/r.zip`;
    const r = await runCli([
      'capture',
      '--url',
      `${site.origin}/login.html`,
      '--control',
      'A.5.17',
      '--redact',
      '.owner',
      '--capturer',
      'A B <a@b.test>',
      '--out',
      out,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectExit(r, 0);
    const entries = unzipSync(readFileSync(out));
    const meta = JSON.parse(
      new TextDecoder().decode(
        Object.entries(entries).find(([n]) => n.endsWith('.json') && n.includes('/'))![1],
      ),
    );
    expect(meta.redactions.map((x: { rule: string; detail: string }) => `${x.rule}:${x.detail}`)).toEqual(
      expect.arrayContaining(['password-field:input[type=password]', 'selector:.owner']),
    );
    const txt = Object.entries(entries).find(([n]) => n.endsWith('.txt'))![1];
    expect(new TextDecoder().decode(txt)).not.toContain('jane.doe@example.test');
  });
});
