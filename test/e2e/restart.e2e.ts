import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPage, openTab, PopupPage } from '../../node/automation/extension-pages';
import type { StaticServer } from '../../node/demo/static-server';
import { expectExit, launch, runCli, startFixtureSite, tempDir } from './support';

let site: StaticServer;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
});

describe('durability', () => {
  it('keeps a capture reported as saved after the browser is killed and restarted', async () => {
    const profile = tempDir('restart');
    const first = await launch(profile);
    let shortHash: string;
    try {
      const tab = await openTab(first);
      await tab.page.goto(`${site.origin}/change.html`);
      const popup = await PopupPage.open(first, tab);
      await popup.ensureIdentity('Dana Reyes', 'dana@example.test');
      await popup.pickControls(['A.8.32']);
      ({ shortHash } = await popup.capture());
    } finally {
      // SIGKILL right after "Saved.": no orderly shutdown, no chance to flush anything later.
      await first.kill();
    }

    const second = await launch(profile);
    try {
      // The non-extractable signing key survived too, and still signs: capture again, export, verify.
      const tab = await openTab(second);
      await tab.page.goto(`${site.origin}/review.html`);
      const popup = await PopupPage.open(second, tab);
      await popup.pickControls(['A.8.32']);
      await popup.capture();
      await popup.page.close();
      const exporter = await LibraryPage.open(second);
      await exporter.page.locator('section.group').first().waitFor();
      const bundle = await exporter.export({}, second.downloadsDir);
      const verified = await runCli(['verify', bundle]);
      expectExit(verified, 0);
      // Two captures and the export entry that signs the bundle.
      expect(verified.stdout).toMatch(/ledger of 3 entries intact, export signed by key \S+/);
      await exporter.page.close();

      const lib = await LibraryPage.open(second);
      const group = lib.page.locator('section.group[data-control="A.8.32"]');
      await group.waitFor();
      await expect(group.textContent()).resolves.toContain(shortHash);
      // The image survived intact: its bytes still hash to the recorded value.
      const check = await lib.page.evaluate(
        (hash) =>
          new Promise<{ recorded: string; actual: string }>((resolve, reject) => {
            const open = indexedDB.open('prooftrail');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction(['captures', 'images']);
              const all = tx.objectStore('captures').getAll();
              all.onsuccess = () => {
                const record = all.result.find((r: { image: { sha256: string } }) =>
                  r.image.sha256.startsWith(hash),
                );
                const img = tx.objectStore('images').get(record.id);
                img.onsuccess = async () => {
                  const digest = await crypto.subtle.digest('SHA-256', await img.result.blob.arrayBuffer());
                  const actual = [...new Uint8Array(digest)]
                    .map((b) => b.toString(16).padStart(2, '0'))
                    .join('');
                  resolve({ recorded: record.image.sha256, actual });
                };
              };
            };
          }),
        shortHash,
      );
      expect(check.actual).toBe(check.recorded);
      expect(check.recorded.startsWith(shortHash)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
