import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { everythingStored, latestRecord } from './stored';
import { expectExit, readings, runCli, tempDir, withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
withSiteAndBrowser((started) => ({ site, b } = started));

const SECRETS = ['SECRET1', 'SECRET2', 'TITLESECRET3'];
const TITLE_PATTERN = 'sk_live_[A-Za-z0-9]+';

describe('secrets in page addresses and titles', () => {
  it('Settings preview the redaction of a typed address and save a title pattern', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page
      .getByLabel('Sample address', { exact: true })
      .fill('https://idp.example/cb?SAMLResponse=abc&RelayState=x#id_token=t');
    await expect
      .poll(() => page.getByLabel('Sample address as stored').textContent())
      .toBe('https://idp.example/cb?SAMLResponse=[redacted]&RelayState=x#id_token=[redacted]');
    await page.getByText('Parameters hidden: SAMLResponse, id_token.').waitFor();
    // An edited list applies to the preview at once, before saving.
    const names = page.getByLabel(
      'Hide the values of URL parameters whose names contain (one per line, any case)',
    );
    await names.fill('relay');
    await page.getByText('Parameters hidden: RelayState.').waitFor();
    await names.fill('bad name');
    await page.getByRole('button', { name: 'Save capture settings' }).click();
    await page.getByText('URL parameter name 1 "bad name" cannot hold spaces or any of = & # ?').waitFor();
    await page.getByRole('button', { name: 'Restore the default names' }).click();
    await page
      .getByLabel('Always black out text matching these patterns (regular expressions, one per line)')
      .fill(TITLE_PATTERN);
    await page.getByRole('button', { name: 'Save capture settings' }).click();
    await page.getByText('Capture settings saved.').waitFor();
    await page.close();
  });

  it('stores, draws, signs and exports no secret of the address or title', async () => {
    const tab = await openTab(b);
    const address = `${site.origin}/secret-url.html?session_token=SECRET1&q=ok#access_token=SECRET2`;
    await tab.page.goto(address);
    await expect(tab.page.title()).resolves.toContain('sk_live_TITLESECRET3');
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.5.17']);
    await popup.capture();
    await popup.page.close();

    const record = await latestRecord(b);
    expect(record.pageUrl).toBe(
      `${site.origin}/secret-url.html?session_token=[redacted]&q=ok#access_token=[redacted]`,
    );
    expect(record.urlRedactions).toEqual(['session_token', 'access_token']);
    expect(record.pageTitle).toBe('Billing · API key [redacted]');
    // MHTML repeats the address and the title: no snapshot is kept, and the record says why.
    expect(record.pageSnapshot).toBeUndefined();
    expect(record.pageSnapshotOmitted).toMatch(/secret parameters \(session_token, access_token\)/);
    const dump = await everythingStored(b);
    for (const secret of SECRETS) expect(dump).not.toContain(secret);

    const lib = await LibraryPage.open(b);
    await lib.page.locator('section.group').first().waitFor();
    const file = await lib.export({ controls: ['A.5.17'] }, b.downloadsDir);
    const entries = unzipSync(readFileSync(file));
    expect(Object.keys(entries).some((n) => /\.(mhtml|html)$/.test(n) && n.includes('/'))).toBe(false);
    for (const [name, bytes] of Object.entries(entries))
      for (const text of readings(bytes))
        for (const secret of SECRETS) expect(text, `${secret} in ${name}`).not.toContain(secret);
    const recordFile = Object.entries(entries).find(
      ([n, bytes]) =>
        n.endsWith('.json') && new TextDecoder().decode(bytes).includes(record.id) && n.includes('A.5.17'),
    );
    expect(JSON.parse(new TextDecoder().decode(recordFile![1])).urlRedactions).toEqual([
      'session_token',
      'access_token',
    ]);
    expectExit(await runCli(['verify', file]), 0);
  });

  it('the CLI redacts secret URL parameters by default', async () => {
    const out = `${tempDir('url-secrets')}/u.zip`;
    const r = await runCli([
      'capture',
      '--url',
      `${site.origin}/secret-url.html?session_token=SECRET1&q=ok#access_token=SECRET2`,
      '--control',
      'A.5.17',
      '--capturer',
      'A B <a@b.test>',
      '--out',
      out,
    ]);
    expectExit(r, 0);
    const entries = unzipSync(readFileSync(out));
    for (const [name, bytes] of Object.entries(entries))
      for (const text of readings(bytes))
        for (const secret of ['SECRET1', 'SECRET2'])
          expect(text, `${secret} in ${name}`).not.toContain(secret);
    const meta = Object.entries(entries).find(([n]) => n.endsWith('.json') && n.includes('/'))![1];
    expect(JSON.parse(new TextDecoder().decode(meta)).urlRedactions).toEqual([
      'session_token',
      'access_token',
    ]);
  });
});
