import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../lib/formats/manifest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import { importRequestList, pickRequestInPopup, requestCard } from '../../node/automation/requests-pages';
import type { StaticServer } from '../../node/demo/static-server';
import { captureInPanel, openPanelFromPopup } from './panel-frame';
import { launch, runCli, startFixtureSite, tempDir } from './support';

let site: StaticServer;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
});

const LIST = [
  'PBC #,TSC Ref,Description,Owner,Due Date,Samples',
  'PBC-1,"A.8.32, CC8.1",Changes to production are approved,Dana,2026-03-31,CHG-1;CHG-2',
  'PBC-2,A.5.18,Access reviews,,,',
].join('\r\n');
const BAD = ['Request ID,Control,Due', 'R1,A.5.18,31/03/2026', ',A.5.18,', 'R1,,'].join('\n');

describe('auditor request lists, end to end', () => {
  const dir = tempDir('requests');
  const profile = join(dir, 'profile');
  const listFile = join(dir, 'pbc.csv');
  const badFile = join(dir, 'bad.csv');
  writeFileSync(listFile, LIST);
  writeFileSync(badFile, BAD);

  it('imports a list in the library, captures a sample picked in the popup, and shows it captured', async () => {
    const b = await launch(profile);
    try {
      const library = await LibraryPage.open(b, 'requests');
      const bad = await importRequestList(library.page, badFile);
      expect(bad).toEqual({
        ok: false,
        text: 'bad.csv was not imported; nothing was changed:',
        problems: [
          'line 2 (request R1): due date "31/03/2026" is not a date written YYYY-MM-DD (e.g. 2026-03-31)',
          'line 3: the request ID is empty',
          'line 4 (request R1): request ID "R1" is already on line 2',
          'line 4 (request R1): no control reference',
        ],
      });
      await expect(library.page.locator('article.request').count()).resolves.toBe(0);
      const good = await importRequestList(library.page, listFile);
      expect(good).toMatchObject({ ok: true, text: 'Imported pbc.csv: 2 new requests, 0 updated.' });
      await requestCard(library.page, 'PBC-1').waitFor();

      const tab = await openTab(b);
      await tab.page.goto(`${site.origin}/change.html`);
      const popup = await PopupPage.open(b, tab);
      await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
      await pickRequestInPopup(popup.page, { request: 'PBC-1', sample: 'CHG-1' });
      // Picking the request preselected its controls (both are in the built-in catalogs).
      await expect(
        popup.page.getByRole('list', { name: 'Selected controls' }).locator('li span').allTextContents(),
      ).resolves.toEqual(['A.8.32', 'CC8.1']);
      await popup.capture();
      await popup.page.close();

      await library.page.reload();
      const card = requestCard(library.page, 'PBC-1');
      const sample = card.getByRole('list', { name: 'Samples of PBC-1' }).locator('li[data-sample-status]');
      await sample.first().waitFor();
      await expect(sample.first().getAttribute('data-sample-status')).resolves.toBe('captured');
      await expect(sample.first().locator('.request-captures li').count()).resolves.toBe(1);
      await expect(sample.nth(1).getAttribute('data-sample-status')).resolves.toBe('open');
      await expect(card.getAttribute('data-status')).resolves.toBe('in-progress');
      // Ready is refused while CHG-2 has no capture, saying why.
      await card.getByLabel('Status').selectOption('ready');
      await card.locator('.request-message').filter({ hasText: /\S/ }).waitFor();
      await expect(card.locator('.request-message').textContent()).resolves.toBe(
        'Request PBC-1 cannot be ready: sample CHG-2 has no capture yet.',
      );
      await expect(card.getAttribute('data-status')).resolves.toBe('in-progress');
    } finally {
      await b.close();
    }
  });

  it('captures the other sample and the population from the CLI, exports the request bundle and verifies it', async () => {
    const capture = (extra: string[]) =>
      runCli([
        'capture',
        '--profile',
        profile,
        '--url',
        `${site.origin}/change.html`,
        '--capturer',
        'Dana Reyes <dana@example.test>',
        '--out',
        join(dir, 'all.zip'),
        ...extra,
      ]);
    const unknown = await capture(['--request', 'PBC-9']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(
      'request "PBC-9" is not among this profile\'s open requests (PBC-1, PBC-2)',
    );
    const noSample = await capture(['--request', 'PBC-1', '--sample', 'CHG-7']);
    expect(noSample.status).toBe(1);
    expect(noSample.stderr).toContain('request "PBC-1" has no sample "CHG-7" (its samples: CHG-1, CHG-2)');
    const both = await capture(['--request', 'PBC-1', '--sample', 'CHG-2', '--population']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('choose --sample ID or --population, not both');

    expect((await capture(['--request', 'PBC-1', '--sample', 'CHG-2'])).status).toBe(0);
    expect((await capture(['--request', 'PBC-1', '--population', '--control', 'A.8.32'])).status).toBe(0);

    const out = join(dir, 'pbc-1.zip');
    const exported = await runCli(['export', '--profile', profile, '--request', 'PBC-1', '--out', out]);
    expect(exported.stderr).not.toMatch(/\n\s+at /);
    expect(exported.status).toBe(0);
    expect(exported.stdout.trim()).toBe(out);
    const verified = await runCli(['verify', out]);
    expect(verified.stdout).toMatch(/^OK pbc-1.zip: \d+ files and 3 captures/);
    expect(verified.status).toBe(0);

    const files = unzipSync(readFileSync(out));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;
    expect(manifest.captureCount).toBe(3);
    expect(manifest.scope.request).toBe('PBC-1');
    const folders = new Set(
      Object.keys(files)
        .filter((p) => p.startsWith('requests/') && p.endsWith('.png'))
        .map((p) => p.split('/').slice(0, 3).join('/')),
    );
    expect(folders).toEqual(
      new Set(['requests/PBC-1/CHG-1', 'requests/PBC-1/CHG-2', 'requests/PBC-1/population']),
    );
    const rows = Papa.parse<string[]>(new TextDecoder().decode(files['requests.csv']), {
      delimiter: ',',
    }).data;
    expect(rows.slice(1, 4).map((r) => [r[0], r[7], r[8]])).toEqual([
      ['PBC-1', 'CHG-1', 'captured'],
      ['PBC-1', 'CHG-2', 'captured'],
      ['PBC-1', '(population)', 'captured'],
    ]);

    const badImport = await runCli(['requests', 'import', '--profile', profile, badFile]);
    expect(badImport.status).toBe(1);
    expect(badImport.stderr).toContain('line 3: the request ID is empty');
    const missing = await runCli([
      'export',
      '--profile',
      profile,
      '--request',
      'PBC-2',
      '--out',
      join(dir, 'x.zip'),
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Request PBC-2 has no capture linked yet: nothing to export.');
  });

  it('the on-page panel captures a population; a request gone before the capture is refused, nothing stored', async () => {
    const b = await launch(profile);
    try {
      const library = await LibraryPage.open(b, 'requests');
      const tab = await openTab(b);
      await tab.page.goto(`${site.origin}/review.html`);
      const panel = await openPanelFromPopup(b, tab);
      const picker = panel.getByRole('group', { name: 'Auditor request' });
      await picker.getByLabel('Request', { exact: true }).selectOption('PBC-1');
      await picker
        .getByLabel('Fulfils', { exact: true })
        .selectOption({ label: 'Population (the whole list, filter visible)' });
      await expect(
        panel.getByRole('list', { name: 'Selected controls' }).locator('li span').allTextContents(),
      ).resolves.toEqual(expect.arrayContaining(['A.8.32', 'CC8.1']));
      await captureInPanel(panel);
      await library.page.reload();
      const population = requestCard(library.page, 'PBC-1').locator('li.population');
      await population.waitFor();
      await expect(population.getAttribute('data-sample-status')).resolves.toBe('captured');
      await expect(population.locator('.request-captures li').count()).resolves.toBe(2);

      // The worker checks the request again: one removed after it was picked is refused before capturing.
      const count = (store: string) =>
        library.page.evaluate(
          (name) =>
            new Promise<number>((resolve, reject) => {
              const open = indexedDB.open('prooftrail');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const req = open.result.transaction(name).objectStore(name).count();
                req.onsuccess = () => {
                  open.result.close();
                  resolve(req.result);
                };
              };
            }),
          store,
        );
      const before = await count('captures');
      const other = await openTab(b);
      await other.page.goto(`${site.origin}/change.html`);
      const popup = await PopupPage.open(b, other);
      await pickRequestInPopup(popup.page, { request: 'PBC-2' });
      await library.page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('prooftrail');
            open.onsuccess = () => {
              const tx = open.result.transaction('requests', 'readwrite');
              tx.objectStore('requests').delete('PBC-2');
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
      );
      await expect(popup.capture()).rejects.toThrow(
        'There is no request "PBC-2" in the library; import the request list first.',
      );
      await expect(count('captures')).resolves.toBe(before);
      await expect(count('requestLinks')).resolves.toBe(4);

      // Link an existing capture from the library (moving it to the request as a whole), then unlink it.
      await library.page.reload();
      const card = requestCard(library.page, 'PBC-1');
      const link = card.getByRole('form', { name: 'Link a capture to PBC-1' });
      const review = link
        .getByLabel('Capture', { exact: true })
        .locator('option', { hasText: 'Quarterly access review' });
      await link.getByLabel('Capture', { exact: true }).selectOption((await review.getAttribute('value'))!);
      await link.getByLabel('Fulfils', { exact: true }).selectOption({ label: 'The request as a whole' });
      await link.getByRole('button', { name: 'Link' }).click();
      const whole = card.locator('li.whole');
      await whole.waitFor();
      await expect(whole.getAttribute('data-sample-status')).resolves.toBe('captured');
      await expect(card.locator('li.population .request-captures li').count()).resolves.toBe(1);
      await whole.getByRole('button', { name: /^Unlink Quarterly access review/ }).click();
      await whole.waitFor({ state: 'detached' });
      await expect(count('requestLinks')).resolves.toBe(3);
    } finally {
      await b.close();
    }
  });
});
