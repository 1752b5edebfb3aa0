import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveScope } from '../../../lib/bundle/plan-export';
import type { ProofTrailDb } from '../../../lib/db/database';
import type { CaptureMetadata } from '../../../lib/formats/capture-metadata';
import type { BundleManifest } from '../../../lib/formats/manifest';
import { ImportRefused, importBundle } from '../../../lib/import/import-bundle';
import { SignersNotTrusted } from '../../../lib/import/signers-not-trusted';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { crc32 } from '../../../lib/zip/crc32';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

const iso = (id: string) => ({ id, title: `ISO ${id}`, framework: 'ISO/IEC 27001:2022' });
const alice = { name: 'Alice', email: 'alice@example.com' };
const bob = { name: 'Bob', email: 'bob@example.com' };
const carol = { name: 'Carol (compliance)', email: 'carol@example.com' };

let alicesDb: ProofTrailDb;
let bobsDb: ProofTrailDb;
const a: CaptureMetadata[] = [];
let bobs: CaptureMetadata;

const tagged = (id: string, capturedAt: string, capturer = alice) => ({
  controlIds: [id],
  controls: [iso(id)],
  capturedAt,
  capturer,
  pageTitle: `${id} by ${capturer.name}`,
});
const verify = async (bytes: Uint8Array) => verifyBundle(await readZip(bytes));
const keyOf = async (db: ProofTrailDb) => (await db.keys.get('device'))!.fingerprint;
/** Alice's and Bob's keys, trusted by whoever imports their bundles in these tests. */
const trusted = async () => [await keyOf(alicesDb), await keyOf(bobsDb)];
const counts = async (db: ProofTrailDb) => ({
  captures: await db.captures.count(),
  images: await db.images.count(),
  ledger: await db.ledger.count(),
  foreign: await db.foreignLedger.count(),
  signers: await db.signers.count(),
  origins: await db.origins.count(),
});

beforeAll(async () => {
  alicesDb = freshDb();
  bobsDb = freshDb();
  a.push(await storeCapture(alicesDb, tagged('A.5.18', '2026-01-10T10:00:00.000Z')));
  a.push(await storeCapture(alicesDb, tagged('A.8.2', '2026-01-11T10:00:00.000Z')));
  a.push(await storeCapture(alicesDb, tagged('A.5.18', '2026-01-12T10:00:00.000Z')));
  await deleteCaptureWithLedger(alicesDb, a[2]!.id, 'duplicate', alice);
  bobs = await storeCapture(bobsDb, tagged('A.8.2', '2026-01-13T10:00:00.000Z', bob));
});

async function bundleOf(db: ProofTrailDb, controlIds?: string[]) {
  const out = await exportToBytes(db, { scope: await resolveScope(db, { controlIds }) });
  return out.bytes;
}

describe('importing teammates’ bundles', () => {
  it('imports a verified bundle, keeps capturer, signature and tokens, and re-exports a bundle that verifies', async () => {
    const carolsDb = freshDb();
    await storeCapture(carolsDb, tagged('A.8.2', '2026-01-14T10:00:00.000Z', carol));
    const fromAlice = await importBundle(carolsDb, await bundleOf(alicesDb, ['A.5.18']), {
      fileName: 'alice.zip',
      actor: carol,
      trust: await trusted(),
    });
    expect(fromAlice.imported).toEqual([a[0]!.id]);
    const fromBob = await importBundle(carolsDb, await bundleOf(bobsDb), {
      fileName: 'bob.zip',
      actor: carol,
      trust: await trusted(),
    });
    expect(fromBob.imported).toEqual([bobs.id]);
    const stored = await carolsDb.captures.get(a[0]!.id);
    expect(stored).toEqual(a[0]);
    // Each imported image keeps its sums (written in the import's transaction), so an export
    // writes it without reading it.
    const image = new Uint8Array(await (await carolsDb.images.get(a[0]!.id))!.blob.arrayBuffer());
    expect(await carolsDb.imageSums.get(a[0]!.id)).toEqual({
      captureId: a[0]!.id,
      size: image.byteLength,
      crc32: crc32(image),
      sha256: a[0]!.image.sha256,
    });
    expect(await carolsDb.imageSums.get(bobs.id)).toMatchObject({ sha256: bobs.image.sha256 });
    expect(await carolsDb.signers.count()).toBe(2);

    const all = await exportToBytes(carolsDb);
    const report = await verify(all.bytes);
    expect(report.problems).toEqual([]);
    expect(report.summary.captures).toBe(3);
    expect(report.summary.signers).toHaveLength(3);
    const manifest = JSON.parse(
      new TextDecoder().decode(unzipSync(all.bytes)['manifest.json']),
    ) as BundleManifest;
    expect(manifest.signers?.filter((s) => s.folder.startsWith('signers/'))).toHaveLength(2);
    // The deletion Alice made travels with her bundle, and the tombstone's capture stays out.
    expect(await carolsDb.deletions.count()).toBe(1);

    // Only A.8.2: Alice's A.8.2 capture was never imported, and her ledger's coverage says so.
    const a82 = await exportToBytes(carolsDb, {
      scope: await resolveScope(carolsDb, { controlIds: ['A.8.2'] }),
    });
    expect((await verify(a82.bytes)).problems).toEqual([]);
  });

  it('makes previews for captures whose bundle carries none, and keeps going past an undecodable image', async () => {
    const db = freshDb();
    let calls = 0;
    await importBundle(db, await bundleOf(alicesDb), {
      fileName: 'a.zip',
      actor: carol,
      trust: await trusted(),
      makeThumbnail: async (png) => {
        calls++;
        if (calls === 1) throw new Error('cannot decode');
        return new Blob([await png.slice(0, 8).arrayBuffer()], { type: 'image/webp' });
      },
    });
    expect(calls).toBe(2);
    expect(await db.thumbnails.count()).toBe(1);
    // Stored with its sums, so an export writes it unread.
    const [row] = await db.thumbnails.toArray();
    const bytes = new Uint8Array(await row!.blob.arrayBuffer());
    expect(row!.sums).toEqual({ size: 8, crc32: crc32(bytes), sha256: await sha256Hex(bytes) });
  });

  it('skips captures already present, and an import of the same bundle adds nothing', async () => {
    const db = freshDb();
    const bytes = await bundleOf(alicesDb);
    const first = await importBundle(db, bytes, { fileName: 'a.zip', actor: carol, trust: await trusted() });
    expect(first.imported).toHaveLength(2);
    const before = await counts(db);
    const again = await importBundle(db, bytes, { fileName: 'a.zip', actor: carol, trust: await trusted() });
    expect(again.imported).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['already in the library', 'already in the library']);
    expect(await counts(db)).toEqual(before);
  });

  it('merges a later, longer ledger of the same teammate and still exports a verifying bundle', async () => {
    const db = freshDb();
    await importBundle(db, await bundleOf(alicesDb, ['A.5.18']), {
      fileName: 'a1.zip',
      actor: carol,
      trust: await trusted(),
    });
    const later = await storeCapture(alicesDb, tagged('A.8.2', '2026-02-01T10:00:00.000Z'));
    const r = await importBundle(db, await bundleOf(alicesDb, ['A.8.2']), {
      fileName: 'a2.zip',
      actor: carol,
      trust: await trusted(),
    });
    expect(r.imported.sort()).toEqual([a[1]!.id, later.id].sort());
    expect((await db.signers.toArray())[0]!.coverage).toHaveLength(2);
    const out = await exportToBytes(db);
    expect((await verify(out.bytes)).problems).toEqual([]);
  });

  it('refuses a tampered bundle with the verifier’s report, storing nothing', async () => {
    const db = freshDb();
    await storeCapture(db, tagged('A.8.2', '2026-01-14T10:00:00.000Z', carol));
    const before = await counts(db);
    const files = unzipSync(await bundleOf(alicesDb));
    const png = Object.keys(files).find((p) => p.endsWith('.png'))!;
    files[png] = files[png]!.slice();
    files[png]![30] = files[png]![30]! ^ 0xff;
    const err = await importBundle(db, zipSync(files), { fileName: 'tampered.zip', actor: carol }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ImportRefused);
    expect(err.message).toMatch(/tampered\.zip did not verify, so nothing was imported/);
    expect((err as ImportRefused).lines.join('\n')).toMatch(
      new RegExp(`FAIL ${png.replace(/[.]/g, '\\.')}: SHA-256`),
    );
    expect(await counts(db)).toEqual(before);
  });

  it('refuses what is not a bundle, and a fork of a teammate’s ledger', async () => {
    const db = freshDb();
    await expect(
      importBundle(db, new Uint8Array([1, 2, 3]), { fileName: 'x.zip', actor: carol }),
    ).rejects.toThrow(/x\.zip: the file is not a ZIP file/);
    // A second device holding Alice's key writes a different entry 1: the chains fork.
    const twin = freshDb();
    await twin.keys.put((await alicesDb.keys.get('device'))!);
    await storeCapture(twin, tagged('A.5.18', '2026-03-01T10:00:00.000Z'));
    await importBundle(db, await bundleOf(alicesDb), {
      fileName: 'a.zip',
      actor: carol,
      trust: await trusted(),
    });
    const before = await counts(db);
    await expect(
      importBundle(db, await bundleOf(twin), { fileName: 'twin.zip', actor: carol, trust: await trusted() }),
    ).rejects.toThrow(/differs at entry 1 from the one imported before/);
    expect(await counts(db)).toEqual(before);
  });

  it('refuses a bundle signed by a key nobody trusted, storing nothing, then imports once it is trusted', async () => {
    const db = freshDb();
    await storeCapture(db, tagged('A.8.2', '2026-01-14T10:00:00.000Z', carol));
    const before = await counts(db);
    const bytes = await bundleOf(alicesDb);
    const err = await importBundle(db, bytes, { fileName: 'a.zip', actor: carol }).catch((e) => e);
    expect(err).toBeInstanceOf(SignersNotTrusted);
    expect((err as SignersNotTrusted).signers).toEqual([
      { fingerprint: await keyOf(alicesDb), name: 'Alice', email: 'alice@example.com', reason: 'unknown' },
    ]);
    expect(await counts(db)).toEqual(before);
    expect(await db.trustedSigners.count()).toBe(0);
    const r = await importBundle(db, bytes, {
      fileName: 'a.zip',
      actor: carol,
      trust: [await keyOf(alicesDb)],
    });
    expect(r.imported.length).toBeGreaterThanOrEqual(2);
    expect(await db.trustedSigners.get(await keyOf(alicesDb))).toMatchObject({
      email: 'alice@example.com',
      source: 'import',
    });
    // Trusted now: the same key needs no further word.
    await importBundle(db, bytes, { fileName: 'a.zip', actor: carol });
  });

  it('refuses a known e-mail arriving with another key until that key is trusted again', async () => {
    const db = freshDb();
    await importBundle(db, await bundleOf(alicesDb), {
      fileName: 'a.zip',
      actor: carol,
      trust: await trusted(),
    });
    const impostor = freshDb();
    await storeCapture(impostor, tagged('A.5.18', '2026-03-01T10:00:00.000Z'));
    const bytes = await bundleOf(impostor);
    const before = await counts(db);
    const err = await importBundle(db, bytes, { fileName: 'new-key.zip', actor: carol }).catch((e) => e);
    expect(err).toBeInstanceOf(SignersNotTrusted);
    expect((err as SignersNotTrusted).signers[0]).toMatchObject({
      fingerprint: await keyOf(impostor),
      email: 'alice@example.com',
      reason: 'key-changed',
      trustedFingerprint: await keyOf(alicesDb),
    });
    expect(await counts(db)).toEqual(before);
    await importBundle(db, bytes, { fileName: 'new-key.zip', actor: carol, trust: [await keyOf(impostor)] });
    expect((await db.trustedSigners.toArray()).map((t) => t.fingerprint)).toEqual([await keyOf(impostor)]);
  });

  it('carries a teammate’s ledger for a deletion in scope even when none of their captures is', async () => {
    const db = freshDb();
    await storeCapture(db, tagged('A.5.18', '2026-01-12T12:00:00.000Z', carol));
    await importBundle(db, await bundleOf(alicesDb), {
      fileName: 'a.zip',
      actor: carol,
      trust: await trusted(),
    });
    // Alice's deleted capture was taken on 2026-01-12; her other A.5.18 capture on 2026-01-10.
    const out = await exportToBytes(db, {
      scope: {
        kind: 'selection',
        controlIds: ['A.5.18'],
        from: '2026-01-12T00:00:00.000Z',
        to: '2026-01-13T00:00:00.000Z',
      },
    });
    const report = await verify(out.bytes);
    expect(report.problems).toEqual([]);
    expect(report.summary).toMatchObject({ captures: 1, deletions: 1 });
    expect(report.summary.signers?.map((s) => s.folder)).toEqual(['', expect.stringMatching(/^signers\//)]);
  });
});
