import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedBrowser } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { expectExit, runCli, tempDir, verifyPageResult, withSiteAndBrowser, writeEntries } from './support';

let site: StaticServer;
let b: LaunchedBrowser;
let bundle: string;
withSiteAndBrowser((started) => ({ site, b } = started));
beforeAll(async () => {
  bundle = join(tempDir('viewer'), 'evidence.zip');
  const r = await runCli([
    'capture',
    '--url',
    `${site.origin}/review.html`,
    '--control',
    'A.5.18',
    '--capturer',
    'A B <a@b.test>',
    '--out',
    bundle,
  ]);
  expect(r.status).toBe(0);
});

const resultOf = (viewer: string, pick: Parameters<typeof verifyPageResult>[2]) =>
  verifyPageResult(b, viewer, pick);

describe('verify.html inside every bundle (offline, no install)', () => {
  it('shows the same result as the CLI for the ZIP and for the unzipped folder', async () => {
    const entries = unzipSync(readFileSync(bundle));
    expect(Object.keys(entries)).toContain('verify.html');
    const dir = writeEntries(entries);
    const cli = await runCli(['verify', bundle]);
    expect(cli.status).toBe(0);
    const fromZip = await resultOf(join(dir, 'verify.html'), (p) => p.locator('#zip').setInputFiles(bundle));
    expect(fromZip).toEqual(cli.stdout.trim().split('\n'));
    const fromFolder = await resultOf(join(dir, 'verify.html'), (p) =>
      p.locator('#folder').setInputFiles(dir),
    );
    expect(fromFolder[0]).toMatch(/^OK evidence\/: .* captures match the manifest/);
  });

  it('"Require timestamps": a bundle whose entries carry no token is OK with a warning unticked, and fails ticked, as the CLI says', async () => {
    // The CLI captured without --tsa: no entry of the ledger carries a timestamp token.
    const entries = unzipSync(readFileSync(bundle));
    expect(Object.keys(entries).filter((k) => k.endsWith('.tsr'))).toEqual([]);
    const relaxed = await runCli(['verify', bundle]);
    expectExit(relaxed, 0);
    const strict = await runCli(['verify', bundle, '--require-timestamps']);
    expectExit(strict, 1);

    const page = await b.context.newPage();
    await page.goto(`file://${join(writeEntries(entries), 'verify.html')}`);
    const box = page.getByRole('checkbox', { name: /Require timestamps/ });
    const result = page.locator('#result');
    const lines = () => result.locator('li').allTextContents();
    expect(await box.isChecked()).toBe(false);

    await page.locator('#zip').setInputFiles(bundle);
    await result.filter({ hasText: /^OK evidence\.zip: / }).waitFor();
    const unticked = await lines();
    expect(unticked).toEqual(relaxed.stdout.trim().split('\n'));
    expect(unticked[0]).toMatch(/; signer not pinned: /);
    expect(unticked).toContainEqual(
      expect.stringMatching(
        /^WARN ledger: no timestamp token: nothing proves when these 1 entries were made/,
      ),
    );
    expect(await result.getAttribute('class')).toBe('ok');

    // Ticking the box checks the same bundle again, now as `--require-timestamps` does.
    await box.check();
    await result.filter({ hasText: 'the bundle is not intact' }).waitFor();
    const ticked = await lines();
    expect(ticked).toEqual(strict.stderr.trim().split('\n'));
    expect(ticked).toEqual([
      'FAIL ledger/000001.json: capture entry 1 has no valid timestamp from a trusted TSA (--require-timestamps)',
      'evidence.zip: 1 problem found; the bundle is not intact',
    ]);
    expect(await result.getAttribute('class')).toBe('fail');

    await box.uncheck();
    await result.filter({ hasText: /^OK evidence\.zip: / }).waitFor();
    expect(await lines()).toEqual(unticked);
    await page.close();
  });

  it('names the tampered file, as the CLI does', async () => {
    const entries = unzipSync(readFileSync(bundle));
    const png = Object.keys(entries).find((k) => k.endsWith('.png'))!;
    entries[png]![60] = entries[png]![60]! ^ 0xff;
    const tampered = join(tempDir('tampered'), 'evidence.zip');
    writeFileSync(tampered, zipSync(entries));
    const cli = await runCli(['verify', tampered]);
    expect(cli.status).toBe(1);
    const dir = writeEntries(unzipSync(readFileSync(bundle)));
    const lines = await resultOf(join(dir, 'verify.html'), (p) => p.locator('#zip').setInputFiles(tampered));
    expect(lines).toEqual(cli.stderr.trim().split('\n'));
    expect(lines.join('\n')).toContain(`FAIL ${png}: SHA-256`);
  });
});
