import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_DIRS, ensureExtensionBuilt } from '../../node/automation/build-extension';
import { openTab, PopupPage } from '../../node/automation/extension-pages';
import { findChromium } from '../../node/automation/find-chromium';
import { type LaunchedBrowser, launchWithExtension } from '../../node/automation/launch';
import type { StaticServer } from '../../node/demo/static-server';
import { runCli, tempDir, withSiteAndBrowser } from './support';

let site: StaticServer;
let b: LaunchedBrowser;

withSiteAndBrowser((started) => ({ site, b } = started));

async function capturedCount(browser: LaunchedBrowser): Promise<number> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
  const n = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('captures').objectStore('captures').count();
          req.onsuccess = () => resolve(req.result);
        };
      }),
  );
  await page.close();
  return n;
}

describe('bad input gets a clear message and stores nothing', () => {
  it('refuses to capture a browser page', async () => {
    const tab = await openTab(b);
    const { page } = tab;
    await page.goto('chrome://version');
    const popup = await PopupPage.open(b, tab);
    await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
    await popup.pickControls(['A.8.9']);
    await expect(popup.capture()).rejects.toThrow(
      /Browser pages .* cannot be captured|no page ProofTrail may read/,
    );
    expect(await capturedCount(b)).toBe(0);
    await popup.page.close();
    await page.close();
  });

  it('says so when the extension lacks permission for the tab (store build, no toolbar click)', async () => {
    const executablePath = findChromium()!;
    ensureExtensionBuilt('production', { quiet: true, force: true });
    const store = await launchWithExtension({ executablePath, extensionDir: BUILD_DIRS.production });
    try {
      const tab = await openTab(store);
      await tab.page.goto(`${site.origin}/review.html`);
      const popup = await PopupPage.open(store, tab);
      await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
      await popup.pickControls(['A.8.9']);
      await expect(popup.capture()).rejects.toThrow(/no permission|no page ProofTrail may read/);
      expect(await capturedCount(store)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('imports nothing from a bad catalog file and keeps the catalogs already there', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    const file = page.getByLabel('Catalog file');
    await page.getByLabel('Framework name for rows without one').fill('Internal controls');
    await file.setInputFiles({
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,title\nIC-1,Owner reviews vendors yearly\nIC-2,Backups restored monthly\n'),
    });
    await page.getByText('Imported 2 controls into Internal controls from good.csv.').waitFor();
    // Once the status says imported, the catalog is listed (no wait: the list is updated first).
    const listed = page.getByRole('listitem').filter({ hasText: 'Internal controls: 2 controls' });
    await expect(listed.count()).resolves.toBe(1);

    await file.setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,title\nIC-9,Fine\nIC-10\nbad id!,x\n'),
    });
    const status = page.locator('.import-status');
    await status.getByText('Nothing was imported').waitFor();
    const text = await status.innerText();
    expect(text).toContain('bad.csv line 3: expected 2 or 3 columns');
    expect(text).toContain('bad.csv line 4: id: "bad id!" is not a valid control ID');
    await expect(listed.count()).resolves.toBe(1);

    await file.setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"controls":[{"id":"A.5.1","title":"Clash"}]}'),
    });
    await status.getByText('already used by ISO/IEC 27001:2022').waitFor();
    await expect(listed.count()).resolves.toBe(1);
    await page.close();
  });

  it('verify rejects a corrupt or non-ZIP bundle with one clear line and no stack trace', async () => {
    const dir = tempDir('corrupt');
    const notZip = join(dir, 'evidence.zip');
    writeFileSync(notZip, 'this is a text file, not a bundle');
    const r = await runCli(['verify', notZip]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/FAIL \(bundle\): evidence\.zip: the file is not a ZIP file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const missing = await runCli(['verify', join(dir, 'nope.zip')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file');

    const usage = await runCli(['verify']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('verify takes exactly one bundle file');
  });
});
