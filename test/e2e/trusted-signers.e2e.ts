import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupFingerprint, parseSignersFile, writeSignersFile } from '../../lib/formats/signers-file';
import { canonicalJson } from '../../lib/integrity/canonical';
import { describePublicKey, generateDeviceKey } from '../../lib/integrity/signing';
import { BUILD_DIRS } from '../../node/automation/build-extension';
import { LibraryPage, SettingsPage, UntrustedSignersPrompt } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { expectExit, launch, runCli, startFixtureSite, tempDir, writeEntries } from './support';

let b: LaunchedBrowser;
let settings: SettingsPage;
beforeAll(async () => {
  b = await launch();
  settings = await SettingsPage.open(b);
  const form = settings.page.getByRole('form', { name: 'Capturer identity' });
  await form.getByLabel('Your name').fill('Casey Collector');
  await form.getByLabel('Your email').fill('casey@example.test');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Saved.').waitFor();
});
afterAll(async () => {
  await b?.close();
});

/** A bundle captured by the CLI in a fresh profile, so signed by a key of its own. */
async function cliBundle(capturer: string): Promise<{ path: string; signer: string }> {
  const site = await startFixtureSite();
  const path = join(tempDir('cli-bundle'), 'evidence.zip');
  const cli = await runCli([
    'capture',
    '--url',
    `${site.origin}/review.html`,
    '--control',
    'A.5.18',
    '--capturer',
    capturer,
    '--out',
    path,
  ]).finally(() => site.close());
  expect(cli.status, cli.stderr).toBe(0);
  const entries = unzipSync(readFileSync(path));
  const signer = (JSON.parse(strFromU8(entries['public-key.json']!)) as { fingerprint: string }).fingerprint;
  return { path, signer };
}

const newFingerprint = async () =>
  (await describePublicKey((await generateDeviceKey()).publicKey)).fingerprint;

/** The device key's fingerprint as stored in the extension's database. */
function storedDeviceFingerprint(): Promise<string> {
  return settings.page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('keys').objectStore('keys').get('device');
          req.onsuccess = () => resolve(req.result.fingerprint);
        };
      }),
  );
}

describe('Settings: who signs', () => {
  it("shows this device's fingerprint grouped by 4, and copies it whole", async () => {
    const shown = await settings.deviceFingerprint();
    expect(shown.fingerprint).toBe(await storedDeviceFingerprint());
    expect(shown.grouped).toMatch(/^([A-Za-z0-9_-]{4} ){10}[A-Za-z0-9_-]{3}$/);
    expect(shown.grouped.replace(/ /g, '')).toBe(shown.fingerprint);
    const font = await settings.page
      .getByTestId('key-fingerprint')
      .evaluate((e) => getComputedStyle(e).fontFamily);
    expect(font).toMatch(/monospace/);

    expect(await settings.copyDeviceFingerprint()).toBe('Copied');
    // What was copied pastes (Ctrl+V, from the browser's clipboard) as the whole fingerprint.
    const field = settings.page.getByRole('form', { name: 'Add a trusted signer' }).getByLabel('Fingerprint');
    await field.focus();
    await settings.page.keyboard.press('Control+V');
    expect(await field.inputValue()).toBe(shown.fingerprint);
    await field.fill('');
  });

  it('adds a pasted key (grouped form), names a bad one, replaces a changed key, and removes after confirming', async () => {
    const dana = await newFingerprint();
    const bad = await settings.addSigner('abcd efgh', 'Dana', 'dana@example.test');
    expect(bad).toEqual({
      ok: false,
      lines: ['"abcd efgh" is not a fingerprint: 8 characters, expected 43'],
    });
    const own = await settings.addSigner((await settings.deviceFingerprint()).fingerprint, 'Me', 'me@x.test');
    expect(own.lines).toEqual(['That is this device’s own key: it is always trusted.']);

    expect(
      await settings.addSigner(groupFingerprint(dana), 'Dana <b>Auditor</b>', 'dana@example.test'),
    ).toEqual({
      ok: true,
      lines: ['Trusted the key of Dana <b>Auditor</b> <dana@example.test>.'],
    });
    let rows = await settings.trustedSigners();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      name: 'Casey Collector',
      email: 'casey@example.test',
      how: 'This device’s key',
    });
    // Text from people is shown as text, never as markup.
    expect(rows[1]).toMatchObject({
      name: 'Dana <b>Auditor</b>',
      email: 'dana@example.test',
      fingerprint: dana,
      grouped: groupFingerprint(dana),
      how: 'Added by hand',
    });
    expect(await settings.page.locator('.signers b').count()).toBe(0);

    const danaNew = await newFingerprint();
    const replaced = await settings.addSigner(danaNew, 'Dana', 'Dana@Example.test');
    expect(replaced.ok).toBe(true);
    expect(replaced.lines[1]).toMatch(/^It replaces the key trusted for dana@example.test since /);
    rows = await settings.trustedSigners();
    expect(rows.map((r) => r.fingerprint)).toEqual([rows[0]!.fingerprint, danaNew]);

    await settings.removeSigner('Dana', 'Dana@Example.test', false);
    expect(await settings.trustedSigners()).toHaveLength(2);
    await settings.removeSigner('Dana', 'Dana@Example.test');
    expect(await settings.trustedSigners()).toHaveLength(1);
    await settings.page.getByText('Stopped trusting the key of Dana <Dana@Example.test>.').waitFor();
  });

  it('imports a signers file after showing what it changes, and exports the canonical signers file for auditors', async () => {
    const [ana, bo, old] = [await newFingerprint(), await newFingerprint(), await newFingerprint()];
    await settings.addSigner(old, 'Bo', 'bo@example.test');
    const dir = tempDir('signers');
    const incoming = join(dir, 'from-compliance.json');
    writeFileSync(
      incoming,
      writeSignersFile(
        [
          { fingerprint: ana, name: 'Ana', email: 'ana@example.test' },
          { fingerprint: bo, name: 'Bo', email: 'bo@example.test' },
          {
            fingerprint: (await settings.deviceFingerprint()).fingerprint,
            name: 'Casey',
            email: 'casey@example.test',
          },
        ],
        new Date(),
      ),
    );
    const preview = await settings.previewSignersFile(incoming);
    expect(preview).toHaveLength(3);
    expect(preview.find((l) => l.startsWith('Ana'))).toMatch(/new$/);
    expect(preview.find((l) => l.startsWith('Bo'))).toMatch(
      /replaces the key trusted for bo@example.test since/,
    );
    expect(preview.find((l) => l.startsWith('Casey'))).toMatch(/this device’s key \(always trusted\)/);
    expect((await settings.trustedSigners()).map((r) => r.fingerprint)).toContain(old);
    expect(await settings.confirmSignersFile()).toEqual([
      'Trusted 2 keys from from-compliance.json.',
      'Replaced the key trusted for bo@example.test (Bo).',
    ]);
    const rows = await settings.trustedSigners();
    expect(rows.slice(1).map((r) => [r.email, r.fingerprint, r.how])).toEqual([
      ['ana@example.test', ana, 'From a signers file (from-compliance.json)'],
      ['bo@example.test', bo, 'From a signers file (from-compliance.json)'],
    ]);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, `\ufeff${readFileSync(incoming, 'utf8')}`);
    expect(await settings.previewSignersFile(bad)).toEqual([
      'bad.json: starts with a byte order mark (BOM); save it as UTF-8 without BOM',
    ]);

    const path = await settings.exportSigners(b.downloadsDir);
    expect(path).toMatch(/prooftrail-signers-\d{4}-\d{2}-\d{2}\.json$/);
    const bytes = readFileSync(path);
    expect(bytes.toString('utf8')).toBe(canonicalJson(JSON.parse(bytes.toString('utf8'))));
    const file = parseSignersFile(bytes, 'exported.json');
    expect(file.signers).toEqual([
      { fingerprint: ana, name: 'Ana', email: 'ana@example.test' },
      { fingerprint: bo, name: 'Bo', email: 'bo@example.test' },
      {
        fingerprint: (await settings.deviceFingerprint()).fingerprint,
        name: 'Casey Collector',
        email: 'casey@example.test',
      },
    ]);
  });
});

describe('verify.html: expected signers', () => {
  it('reads pasted fingerprints (grouped too) and a signers file, naming a bad token', async () => {
    const dir = tempDir('viewer-pin');
    const viewer = join(dir, 'verify.html');
    copyFileSync(join(BUILD_DIRS.automation, 'viewer', 'verify.html.txt'), viewer);
    const file = join(dir, 'signers.json');
    const [a, c] = [await newFingerprint(), await newFingerprint()];
    writeFileSync(file, writeSignersFile([{ fingerprint: c, name: 'C', email: 'c@x.test' }], new Date()));
    const page = await b.context.newPage();
    await page.goto(`file://${viewer}`);
    const status = page.locator('#signers-status');
    await expect.poll(() => status.textContent()).toMatch(/^Not pinned/);
    await page.getByLabel(/Expected signers' fingerprints/).fill(`${groupFingerprint(a)}\nnope`);
    await expect
      .poll(() => status.textContent())
      .toBe('pasted fingerprints: "nope" is not a fingerprint: 4 characters, expected 43');
    await page.getByLabel(/Expected signers' fingerprints/).fill(groupFingerprint(a));
    await page.locator('#signers-file').setInputFiles(file);
    await expect
      .poll(() => status.textContent())
      .toBe(
        'Pinned: 2 expected keys (1 from signers.json). Every key that signed the bundle must be one of them.',
      );
    await page.close();
  });

  it('checks a bundle against them: a key not pinned fails naming it and its claimed identity, the right one passes', async () => {
    const { path: bundle, signer } = await cliBundle('Pat Signer <pat@example.test>');
    const entries = unzipSync(readFileSync(bundle));
    const other = await newFingerprint();
    const page = await b.context.newPage();
    await page.goto(`file://${join(writeEntries(entries), 'verify.html')}`);
    const field = page.getByLabel(/Expected signers' fingerprints/);
    const result = page.locator('#result');
    const lines = async () => {
      await result.filter({ hasNotText: /Checking|No bundle checked/ }).waitFor();
      return result.locator('li').allTextContents();
    };

    await field.fill(other);
    await page.locator('#zip').setInputFiles(bundle);
    const refused = await lines();
    expect(refused).toContain(
      `FAIL public-key.json: key ${signer} (claims to be Pat Signer <pat@example.test>) is not among the signers you pinned`,
    );
    expect(refused.at(-1)).toBe('evidence.zip: 1 problem found; the bundle is not intact');
    expect(await result.getAttribute('class')).toBe('fail');
    // The same lines as the CLI pinned to the same wrong key.
    const cliRefused = await runCli(['verify', bundle, '--signer', other]);
    expectExit(cliRefused, 1);
    expect(refused).toEqual(cliRefused.stderr.trim().split('\n'));

    // Changing the expected signers checks the same bundle again.
    await field.fill(groupFingerprint(signer));
    await field.blur();
    await result.filter({ hasNotText: /not among the signers/ }).waitFor();
    const accepted = await lines();
    expect(accepted[0]).toMatch(/^OK evidence\.zip: /);
    expect(accepted[0]).toContain(`signed by key ${signer} (claims Pat Signer <pat@example.test>)`);
    expect(accepted[0]).toMatch(/; every signer is pinned$/);
    expect(accepted[0]).not.toContain('signer not pinned');
    expect(await result.getAttribute('class')).toBe('ok');
    const cliAccepted = await runCli(['verify', bundle, '--signer', signer]);
    expectExit(cliAccepted, 0);
    expect(accepted).toEqual(cliAccepted.stdout.trim().split('\n'));

    await field.fill(`${signer}\nnope`);
    await field.blur();
    await result.filter({ hasText: 'FAIL (signers)' }).waitFor();
    expect(await lines()).toEqual([
      'FAIL (signers): pasted fingerprints: "nope" is not a fingerprint: 4 characters, expected 43',
    ]);
    await page.close();
  });
});

describe('library import: keys must be trusted', () => {
  it('shows an unknown key with its claimed identity, imports once trusted, and warns when the e-mail arrives with another key', async () => {
    const first = await cliBundle('Robin Teammate <robin@example.test>');
    const second = await cliBundle('Robin Teammate <Robin@example.test>');
    expect(second.signer).not.toBe(first.signer);
    const library = await LibraryPage.open(b);
    const prompt = new UntrustedSignersPrompt(library.page);

    const refused = await library.importBundle(first.path);
    expect(refused.ok).toBe(false);
    expect(refused.text).toBe(
      'evidence.zip is signed by a key this library does not trust yet, so nothing was imported.',
    );
    expect(await prompt.signers()).toEqual([
      {
        fingerprint: first.signer,
        grouped: groupFingerprint(first.signer),
        who: 'Robin Teammate <robin@example.test>',
        reason: 'unknown',
        warning: '',
      },
    ]);
    expect(await prompt.trustAndImport()).toEqual({
      ok: true,
      text: expect.stringMatching(/^Imported 1 capture from evidence.zip\./),
    });

    // The same person's e-mail now comes with another key: refused, with a warning that says why.
    await library.importBundle(second.path);
    const [changed] = await prompt.signers();
    expect(changed).toMatchObject({ fingerprint: second.signer, reason: 'key-changed' });
    expect(changed!.warning).toContain('Warning: the key for Robin@example.test has changed.');
    expect(changed!.warning).toContain(groupFingerprint(first.signer));
    expect(changed!.warning).toMatch(/someone else is signing in their name/);
    expect(await prompt.trustAndImport()).toMatchObject({ ok: true });

    await settings.page.reload();
    const rows = await settings.trustedSigners();
    const robin = rows.filter((r) => r.email.toLowerCase() === 'robin@example.test');
    expect(robin.map((r) => r.fingerprint)).toEqual([second.signer]);
    await library.page.close();
  });
});
