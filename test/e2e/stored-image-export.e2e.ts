import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPage } from '../../node/automation/extension-pages';
import type { LaunchedBrowser } from '../../node/automation/launch';
import { setIdentityIfMissing } from '../../node/automation/library-job';
import { makeTeamBundle } from '../../node/fixtures/team-bundle';
import { inExtension } from './stored';
import { launch, runCli, tempDir } from './support';

let b: LaunchedBrowser;
let library: LibraryPage;
let captureIds: string[] = [];

beforeAll(async () => {
  const controls = [{ id: 'A.5.18', title: 'Access rights', framework: 'ISO/IEC 27001:2022' }];
  const out = await makeTeamBundle({
    capturer: { name: 'Owner', email: 'owner@example.test' },
    captures: Array.from({ length: 3 }, (_, i) => ({
      controls,
      pageTitle: `Review ${i}`,
      pageUrl: `https://console.example/${i}`,
      note: '',
      capturedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
    })),
    image: { width: 64, height: 48 },
  });
  const path = join(tempDir('stored-image'), 'owner.zip');
  writeFileSync(path, out.bytes);
  b = await launch();
  await setIdentityIfMissing(b, { name: 'Carol Compliance', email: 'carol@example.test' });
  library = await LibraryPage.open(b);
  expect((await library.importBundle(path, [out.fingerprint])).text).toMatch(/^Imported 3 captures/);
  captureIds = await inExtension(
    b,
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('prooftrail');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('imageSums').objectStore('imageSums').getAllKeys();
          req.onsuccess = () => resolve(req.result as string[]);
        };
      }),
    undefined,
  );
}, 300_000);

afterAll(async () => {
  await b?.close();
});

describe('export from the image sums kept in the library', () => {
  it('writes a ZIP without data descriptors that unzip and the CLI accept', async () => {
    // The import kept each image's sums.
    expect(captureIds).toHaveLength(3);
    const written = await library.exportToPickedFile({});
    const bytes = await library.readPickedFile(written.name);
    const path = join(tempDir('stored-image-out'), written.name);
    writeFileSync(path, bytes);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    let entries = 0;
    for (let at = 0; view.getUint32(at, true) === 0x04034b50; entries++) {
      expect(view.getUint16(at + 6, true) & 0x8).toBe(0);
      at +=
        30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true) + view.getUint32(at + 18, true);
    }
    expect(entries).toBeGreaterThan(10);
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const v = await runCli(['verify', path]);
    expect(v.stdout).toMatch(/^OK .*3 captures match the manifest/);
    expect(v.status).toBe(0);
  }, 300_000);

  it('refuses to export a stored image whose bytes changed, naming the capture, and signs nothing', async () => {
    const victim = captureIds[1]!;
    const entries = () =>
      inExtension(
        b,
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('prooftrail');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const req = open.result.transaction('ledger').objectStore('ledger').count();
              req.onsuccess = () => resolve(req.result);
            };
          }),
        undefined,
      );
    const before = await entries();
    // What a damaged or edited IndexedDB file does: the same size, one byte changed.
    await inExtension(
      b,
      (id) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('prooftrail');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const store = open.result.transaction('images', 'readwrite').objectStore('images');
            const get = store.get(id);
            get.onsuccess = async () => {
              const bytes = new Uint8Array(await (get.result.blob as Blob).arrayBuffer());
              bytes[bytes.length - 20]! ^= 0xff;
              const tx = open.result.transaction('images', 'readwrite');
              tx.objectStore('images').put({ captureId: id, blob: new Blob([bytes], { type: 'image/png' }) });
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(tx.error);
            };
          };
        }),
      victim,
    );
    await expect(library.exportToPickedFile({})).rejects.toThrow(
      new RegExp(`^Export failed: The stored image of capture ${victim} no longer matches its record`),
    );
    expect(await entries()).toBe(before);
  }, 300_000);
});
