import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../lib/formats/manifest';
import { type ExportScopeInput, LibraryPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { setIdentityIfMissing } from '../../node/automation/library-job';
import { type GeneratedCapture, makeTeamBundle } from '../../node/fixtures/team-bundle';
import { storedCounts } from './stored';
import { launch, runCli, tempDir, writeEntries } from './support';

const iso = (id: string) => ({ id, title: `ISO ${id}`, framework: 'ISO/IEC 27001:2022' });
const soc = (id: string) => ({ id, title: `SOC ${id}`, framework: 'SOC 2 (TSC 2017)' });
const alice = { name: 'Alice Moreau', email: 'alice@example.test' };
const bob = { name: 'Bob <b>Tables</b>', email: 'bob@example.test' };

let b: LaunchedBrowser;
let beacon: Server;
let beaconHits: string[] = [];
let beaconOrigin = '';
let dir = '';
let aliceZip = '';
/** Alice's and Bob's keys: Carol checked them with their owners and trusts them on import. */
const teamKeys: string[] = [];
let bobZip = '';
let library: LibraryPage;

/** Titles and notes that would run script or load something if rendered as markup. */
const hostile = (n: string) => ({
  title: `<img src="${beaconOrigin}/img-${n}" onerror="window.__pwned='${n}'"><script>window.__pwned='s${n}'</script>`,
  note: `"><svg onload="window.__pwned='n${n}'"></svg><link rel=stylesheet href="${beaconOrigin}/css-${n}"> مراجعة الوصول ${'long '.repeat(400)}`,
});

const plan: Record<string, GeneratedCapture & { who: 'alice' | 'bob' }> = {};

beforeAll(async () => {
  beacon = createServer((req, res) => {
    beaconHits.push(req.url ?? '');
    res.end('');
  });
  await new Promise<void>((r) => beacon.listen(0, '127.0.0.1', r));
  beaconOrigin = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`;
  const h = hostile('a');
  Object.assign(plan, {
    janAlice: {
      who: 'alice',
      controls: [iso('A.5.18')],
      pageTitle: h.title,
      pageUrl: `javascript:alert(1)`,
      note: h.note,
      capturedAt: '2026-01-15T09:00:00.000Z',
    },
    febAlice: {
      who: 'alice',
      controls: [iso('A.5.18'), soc('CC6.1')],
      pageTitle: 'مراجعة الوصول — Okta',
      pageUrl: `${beaconOrigin}/okta`,
      note: '',
      capturedAt: '2026-02-10T09:00:00.000Z',
    },
    marAlice: {
      who: 'alice',
      controls: [iso('A.8.2')],
      pageTitle: 'x'.repeat(20_000),
      pageUrl: 'https://aws.example/iam',
      note: 'quarterly',
      capturedAt: '2026-03-31T23:59:59.000Z',
    },
    aprBob: {
      who: 'bob',
      controls: [soc('CC6.1')],
      pageTitle: 'Jira change CHG-7',
      pageUrl: 'https://jira.example/CHG-7',
      note: hostile('b').note,
      capturedAt: '2026-04-01T00:00:00.000Z',
    },
    mayBob: {
      who: 'bob',
      controls: [iso('A.8.2')],
      pageTitle: hostile('c').title,
      pageUrl: 'https://github.example/pr/1',
      note: '',
      capturedAt: '2026-05-05T12:00:00.000Z',
    },
  } satisfies Record<string, GeneratedCapture & { who: 'alice' | 'bob' }>);
  dir = tempDir('team-bundles');
  const make = async (who: 'alice' | 'bob') => {
    const out = await makeTeamBundle({
      capturer: who === 'alice' ? alice : bob,
      captures: Object.values(plan).filter((p) => p.who === who),
      image: { width: 64, height: 48 },
      seed: who === 'alice' ? 1 : 2,
    });
    const path = join(dir, `${who}.zip`);
    writeFileSync(path, out.bytes);
    teamKeys.push(out.fingerprint);
    return path;
  };
  aliceZip = await make('alice');
  bobZip = await make('bob');
  b = await launch();
  await setIdentityIfMissing(b, { name: 'Carol Compliance', email: 'carol@example.test' });
  library = await LibraryPage.open(b);
});

afterAll(async () => {
  await b?.close();
  await new Promise((r) => beacon?.close(r));
});

const manifestOf = (bytes: Uint8Array) =>
  JSON.parse(new TextDecoder().decode(unzipSync(bytes)['manifest.json'])) as BundleManifest;
const titlesIn = (m: BundleManifest, bytes: Uint8Array) => {
  const files = unzipSync(bytes);
  const ids = new Set(
    m.files
      .filter((f) => f.role === 'metadata')
      .map((f) => JSON.parse(new TextDecoder().decode(files[f.path])).capturedAt as string),
  );
  return Object.entries(plan)
    .filter(([, p]) => ids.has(p.capturedAt))
    .map(([k]) => k)
    .sort();
};

describe('bundles from teammates, scopes, reports', () => {
  it('refuses a tampered bundle with the verifier’s report, and stores nothing', async () => {
    const files = unzipSync(readFileSync(aliceZip));
    const png = Object.keys(files).find((p) => p.endsWith('.png'))!;
    files[png] = files[png]!.slice();
    files[png]![100] = files[png]![100]! ^ 1;
    const tampered = join(dir, 'alice-tampered.zip');
    writeFileSync(tampered, zipSync(files));
    const before = await storedCounts(b);
    const r = await library.importBundle(tampered);
    expect(r.ok).toBe(false);
    expect(r.text).toMatch(/alice-tampered\.zip did not verify, so nothing was imported/);
    expect(r.lines.join('\n')).toContain(`FAIL ${png}: SHA-256`);
    expect(await storedCounts(b)).toEqual(before);
  });

  it('imports teammates’ bundles, keeps their signatures, and skips what is already here', async () => {
    const untrusted = await library.importBundle(aliceZip);
    expect(untrusted.ok).toBe(false);
    expect(untrusted.lines).toEqual([expect.stringContaining(`untrusted key of Alice`)]);
    expect(await storedCounts(b)).toMatchObject({ captures: 0 });
    expect((await library.importBundle(aliceZip, teamKeys)).text).toMatch(
      /^Imported 3 captures from alice\.zip\./,
    );
    expect((await library.importBundle(bobZip, teamKeys)).text).toMatch(
      /^Imported 2 captures from bob\.zip\./,
    );
    const again = await library.importBundle(aliceZip);
    expect(again.text).toBe('Nothing new in alice.zip. 3 skipped (already in the library).');
    const counts = await storedCounts(b);
    // Alice's 3 capture entries and Bob's 2, each ledger ending with the export entry that signed it.
    expect(counts).toMatchObject({ captures: 5, signers: 2, origins: 5, foreignLedger: 7 });
    // The hostile title is shown as text in the library, not run.
    await library.page.reload();
    await library.page.locator('.card-button').first().waitFor();
    // The cards show first; every capture's ledger status follows (read in the page's worker).
    await library.page.locator('.groups[data-status="loaded"]').waitFor();
    expect(
      await library.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
    ).toBeUndefined();
    await expect(library.page.getByText(/Imported · ledger #\d+ of key/).count()).resolves.toBe(6);
  });

  it.each<[string, ExportScopeInput, string[]]>([
    ['one control', { controls: ['A.5.18'] }, ['febAlice', 'janAlice']],
    ['several controls', { controls: ['A.8.2', 'CC6.1'] }, ['aprBob', 'febAlice', 'marAlice', 'mayBob']],
    ['a framework', { frameworks: ['SOC 2 (TSC 2017)'] }, ['aprBob', 'febAlice']],
    ['an audit period', { from: '2026-02-01', to: '2026-03-31' }, ['febAlice', 'marAlice']],
    ['a capturer', { capturers: ['bob@example.test'] }, ['aprBob', 'mayBob']],
    [
      'a mix',
      { frameworks: ['ISO/IEC 27001:2022'], from: '2026-03-01', capturers: ['bob@example.test'] },
      ['mayBob'],
    ],
  ])('exports %s with exactly its captures, and the CLI verifies it', async (_, scope, expected) => {
    const path = await library.export(scope, b.downloadsDir);
    const bytes = new Uint8Array(readFileSync(path));
    const manifest = manifestOf(bytes);
    expect(titlesIn(manifest, bytes)).toEqual(expected);
    expect(manifest.captureCount).toBe(expected.length);
    const v = await runCli(['verify', path]);
    expect(v.stdout + v.stderr).toMatch(/^OK /);
    expect(v.status).toBe(0);
  });

  it('streams the bundle into a picked file, shows progress, and cancel keeps no file', async () => {
    const page = library.page;
    // Slow every write down so there is time to see progress and press Cancel.
    await page.evaluate(() => {
      const w = window as unknown as { showSaveFilePicker: unknown; __picked?: string };
      w.showSaveFilePicker = async (o: { suggestedName: string }) => {
        w.__picked = o.suggestedName;
        const root = await navigator.storage.getDirectory();
        const handle = await root.getFileHandle(o.suggestedName, { create: true });
        const real = handle.createWritable.bind(handle);
        return {
          name: handle.name,
          remove: () => root.removeEntry(o.suggestedName),
          createWritable: async () => {
            const writable = await real();
            return {
              write: async (d: BufferSource) => {
                await new Promise((r) => setTimeout(r, 3000));
                return writable.write(d);
              },
              close: () => writable.close(),
              abort: () => writable.abort(),
            };
          },
        };
      };
    });
    await library.setScope({}, 'file');
    await page.getByRole('button', { name: 'Export bundle', exact: true }).click();
    await page.locator('.export-panel progress').waitFor();
    await page
      .locator('.export-panel .progress label', { hasText: /Exporting: \d of 5 captures · / })
      .waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page
      .locator('.export-panel [role="status"]', { hasText: 'Export cancelled; no file was kept.' })
      .waitFor();
    const left = await page.evaluate(async () => {
      const names: string[] = [];
      for await (const k of (await navigator.storage.getDirectory()) as unknown as AsyncIterable<[string]>)
        names.push(k[0]);
      return names;
    });
    expect(left).toEqual([]);

    // Without the slowdown, the export streams to the picked file and verifies.
    await page.reload();
    const written = await library.exportToPickedFile({});
    const bytes = await library.readPickedFile(written.name);
    expect(bytes.byteLength).toBe(written.size);
    const path = join(tempDir('picked'), written.name);
    writeFileSync(path, bytes);
    const v = await runCli(['verify', path]);
    expect(v.stdout).toMatch(/^OK .*5 captures.*2 imported ledgers intact/);
  });

  it('writes an index.html that runs no script and requests nothing, however hostile the titles', async () => {
    const path = await library.export({}, b.downloadsDir);
    const folder = writeEntries(unzipSync(new Uint8Array(readFileSync(path))));
    beaconHits = [];
    const page = await b.context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await page.goto(pathToFileURL(join(folder, 'index.html')).href, { waitUntil: 'load' });
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(await page.locator('script').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(beaconHits).toEqual([]);
      expect(requests.filter((u) => !u.startsWith(pathToFileURL(folder).href))).toEqual([]);
      // The markup is there as text, and the right-to-left title reads as text.
      await expect(
        page.getByText('<script>window.__pwned=', { exact: false }).count(),
      ).resolves.toBeGreaterThan(0);
      await expect(page.getByText('مراجعة الوصول — Okta').count()).resolves.toBeGreaterThan(0);
      // Every capture has a thumbnail linking to its full image, inside the bundle.
      const links = await page
        .locator('a:has(img)')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links.length).toBe(6); // 5 captures, one filed under two controls
      for (const href of links) expect(href).toMatch(/^controls\/[^:]+\.png$/);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
      expect(wide).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('makes a PDF report of the scope from the library, and the CLI makes one from a bundle', async () => {
    const pdf = await library.exportPdf({ controls: ['A.8.2'] }, b.downloadsDir);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const out = join(tempDir('pdf'), 'bob.pdf');
    const r = await runCli(['pdf', bobZip, '--out', out]);
    expect(r.status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
