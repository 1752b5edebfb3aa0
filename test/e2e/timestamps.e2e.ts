import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { startTestTsa, type TestTsa } from '../support/openssl-tsa';
import { launch, runCli, startFixtureSite, tempDir, writeEntries } from './support';

const run = promisify(execFile);
let site: StaticServer;
let tsa: TestTsa;
let caFile: string;
beforeAll(async () => {
  site = await startFixtureSite();
  tsa = await startTestTsa();
  caFile = join(tempDir('tsa-root'), 'root.pem');
  writeFileSync(caFile, tsa.caPem);
});
afterAll(async () => {
  await site?.close();
  await tsa?.close();
});

describe('RFC 3161 timestamps (a real OpenSSL TSA on 127.0.0.1)', () => {
  it("capture --tsa stamps the entry; verify --tsa-ca and the auditors' openssl command both accept it", async () => {
    const out = join(tempDir('tsa-cli'), 'stamped.zip');
    const r = await runCli([
      'capture',
      '--url',
      `${site.origin}/change.html`,
      '--control',
      'A.8.32',
      '--tsa',
      tsa.url,
      '--capturer',
      'A B <a@b.test>',
      '--out',
      out,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(0);
    const v = await runCli(['verify', out, '--tsa-ca', caFile, '--require-timestamps']);
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    // The capture's entry and the export entry that signs the bundle.
    expect(v.stdout).toMatch(/2 entries carry a valid RFC 3161 timestamp/);
    // Without the TSA's root the tokens prove nothing: a warning, and a failure for an auditor.
    const unknownRoot = await runCli(['verify', out]);
    expect(unknownRoot.status).toBe(0);
    expect(unknownRoot.stdout).toMatch(/WARN .*timestamp not verified: unknown TSA root/);
    const required = await runCli(['verify', out, '--require-timestamps']);
    expect(required.status).toBe(1);
    expect(required.stderr).toMatch(/FAIL .*unknown TSA root/);
    const dir = writeEntries(unzipSync(readFileSync(out)));
    writeFileSync(join(dir, 'root.pem'), tsa.caPem);
    const { stdout } = await run(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        'ledger/000001.json',
        '-in',
        'ledger/000001.tsr',
        '-CAfile',
        'root.pem',
        '-untrusted',
        'tsa-chain.pem',
      ],
      { cwd: dir },
    );
    expect(stdout).toContain('Verification: OK');
    expect(readFileSync(join(dir, 'README-AUDITOR.txt'), 'utf8')).toContain(
      'openssl ts -verify -data ledger/000001.json -in ledger/000001.tsr',
    );

    const bad = await runCli([
      'capture',
      '--url',
      `${site.origin}/change.html`,
      '--control',
      'A.8.32',
      '--tsa',
      'ftp://tsa.example',
      '--out',
      out,
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--tsa "ftp://tsa.example" must be an http or https address');
  });

  it('a TSA that is down at capture time and back later ends with every capture stamped', async () => {
    let b: LaunchedBrowser | undefined;
    try {
      b = await launch();
      const settings = (await openTab(b)).page;
      await settings.goto(`chrome-extension://${b.extensionId}/options.html`);
      await settings.getByLabel('TSA addresses (one per line)').fill(tsa.url);
      await settings.getByRole('button', { name: 'Save timestamp authorities' }).click();
      await settings.getByText('Timestamp authorities saved.', { exact: false }).waitFor();
      await settings.close();

      tsa.setUp(false);
      for (const path of ['/review.html', '/change.html']) {
        const tab = await openTab(b);
        await tab.page.goto(site.origin + path);
        const popup = await PopupPage.open(b, tab);
        await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
        await popup.pickControls(['A.8.15']);
        await popup.capture(); // never waits for, nor fails because of, the TSA
        await popup.page.close();
      }
      const before = await LibraryPage.open(b);
      await before.page
        .getByText(/timestamp pending \(1 tries\)/)
        .first()
        .waitFor();
      await before.page.close();
      tsa.setUp(true);
      const lib = await LibraryPage.open(b);
      await lib.page.locator('section.group').first().waitFor();
      const file = await lib.export({}, b.downloadsDir);
      const names = Object.keys(unzipSync(readFileSync(file)));
      expect(names).toEqual(expect.arrayContaining(['ledger/000001.tsr', 'ledger/000002.tsr']));
      const v = await runCli(['verify', file, '--tsa-ca', caFile, '--require-timestamps']);
      expect(v.status).toBe(0);
      expect(v.stdout).toMatch(/ledger of 3 entries intact.*3 entries carry a valid RFC 3161 timestamp/);
      expect(v.stdout).not.toContain('WARN');
      await lib.page.reload();
      // Both captures' cards say so once the page has loaded their status.
      await lib.page
        .getByText(/Ledger #\d · timestamped /)
        .nth(1)
        .waitFor();
    } finally {
      tsa.setUp(true);
      await b?.close();
    }
  });
});
