import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../lib/formats/manifest';
import { LibraryPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { setIdentityIfMissing } from '../../node/automation/library-job';
import { makeTeamBundle } from '../../node/fixtures/team-bundle';
import { launch, runCli, tempDir, verifyPageResult, writeEntries } from './support';

/**
 * The write-once layout chosen in the library's export dialog: the bundle holds each capture once
 * under captures/ and an index per control, and the CLI, verify.html and `prooftrail pdf` read it.
 */

const iso = (id: string) => ({ id, title: `ISO ${id}`, framework: 'ISO/IEC 27001:2022' });
const soc = (id: string) => ({ id, title: `SOC ${id}`, framework: 'SOC 2 (TSC 2017)' });
let b: LaunchedBrowser;
let library: LibraryPage;
let dir = '';

beforeAll(async () => {
  dir = tempDir('write-once');
  const out = await makeTeamBundle({
    capturer: { name: 'Owner', email: 'owner@example.test' },
    captures: Array.from({ length: 3 }, (_, i) => ({
      controls: [iso('A.5.18'), iso('A.8.2'), soc('CC6.1')],
      pageTitle: `Access review ${i}`,
      pageUrl: `https://console.example/${i}`,
      note: '',
      capturedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
    })),
    image: { width: 64, height: 48 },
  });
  const path = join(dir, 'owner.zip');
  writeFileSync(path, out.bytes);
  b = await launch();
  await setIdentityIfMissing(b, { name: 'Carol Compliance', email: 'carol@example.test' });
  library = await LibraryPage.open(b);
  expect((await library.importBundle(path, [out.fingerprint])).text).toMatch(/^Imported 3 captures/);
}, 300_000);

afterAll(async () => {
  await b?.close();
});

const manifestOf = (files: Record<string, Uint8Array>) =>
  JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;

describe('export with the write-once layout', () => {
  it('is offered in the export dialog, per-control by default, with its trade-off explained', async () => {
    await library.openDialog('export');
    const layout = library.page.locator('.export-panel fieldset', {
      has: library.page.locator('legend', { hasText: 'Layout' }),
    });
    await expect(
      layout.getByRole('radio', { name: /^A copy in each control's folder/ }).isChecked(),
    ).resolves.toBe(true);
    await expect(
      layout.getByRole('radio', { name: 'Each capture once, indexed per control' }).isChecked(),
    ).resolves.toBe(false);
    await expect(layout.textContent()).resolves.toMatch(/smaller, faster bundle.*captures\.csv/s);
  });

  it('writes each capture once, and the CLI, verify.html and prooftrail pdf accept it', async () => {
    const path = await library.export({ layout: 'write-once' }, b.downloadsDir);
    const files = unzipSync(readFileSync(path));
    const manifest = manifestOf(files);
    expect(manifest).toMatchObject({ formatVersion: 9, layout: 'write-once', captureCount: 3 });
    const images = Object.keys(files).filter((p) => /\.png$/.test(p) && !p.includes('.thumb.'));
    expect(images).toHaveLength(3);
    expect(images.every((p) => p.startsWith('captures/'))).toBe(true);
    expect(
      Object.keys(files)
        .filter((p) => p.startsWith('controls/'))
        .sort(),
    ).toEqual(['controls/A.5.18/captures.csv', 'controls/A.8.2/captures.csv', 'controls/CC6.1/captures.csv']);
    const cli = await runCli(['verify', path]);
    expect(cli.stdout).toMatch(/^OK .*3 captures match the manifest \(format 9, write-once layout,/);
    expect(cli.status).toBe(0);
    const unzipped = writeEntries(files);
    const page = await verifyPageResult(b, join(unzipped, 'verify.html'), (p) =>
      p.locator('#zip').setInputFiles(path),
    );
    expect(page).toEqual(cli.stdout.trim().split('\n'));
    const pdf = await runCli(['pdf', path, '--out', join(dir, 'report.pdf')]);
    expect(pdf.status, pdf.stderr).toBe(0);
    expect(readFileSync(join(dir, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 300_000);

  it('goes back to the per-control layout (format 9, layout per-control) when that is chosen', async () => {
    const path = await library.export({ layout: 'per-control' }, b.downloadsDir);
    const files = unzipSync(readFileSync(path));
    const manifest = manifestOf(files);
    expect(manifest).toMatchObject({ formatVersion: 9, layout: 'per-control' });
    expect(Object.keys(files).some((p) => p.startsWith('captures/'))).toBe(false);
    expect(
      Object.keys(files).filter((p) => /^controls\/.+\.png$/.test(p) && !p.includes('.thumb.')),
    ).toHaveLength(9);
  }, 300_000);
});
