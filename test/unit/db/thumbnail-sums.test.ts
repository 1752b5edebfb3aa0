import Dexie from 'dexie';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { getPreview, saveThumbnail } from '../../../lib/db/captures-repo';
import { ProofTrailDb } from '../../../lib/db/database';
import type { StoredThumbnail } from '../../../lib/db/types';
import type { BundleManifest } from '../../../lib/formats/manifest';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { crc32 } from '../../../lib/zip/crc32';
import { exportToBytes, freshDb, storeCapture } from '../helpers';
import { sampleRecord } from './sample-record';

const preview = Uint8Array.from({ length: 3000 }, (_, i) => (i * 40503) >>> 8);
const webp = (bytes: Uint8Array) => new Blob([bytes as BlobPart], { type: 'image/webp' });
const sumsOf = async (bytes: Uint8Array) => ({
  size: bytes.byteLength,
  crc32: crc32(bytes),
  sha256: await sha256Hex(bytes as BufferSource),
});
const manifestOf = (zip: Record<string, Uint8Array>) =>
  JSON.parse(new TextDecoder().decode(zip['manifest.json'])) as BundleManifest;
const bytesOf = async (blob: Blob | undefined) => new Uint8Array(await blob!.arrayBuffer());

describe('previews kept as bytes with their sums (Dexie version 11)', () => {
  it('are stored as their bytes, type and sums, and shown as a Blob of those bytes', async () => {
    const db = freshDb();
    const r = await storeCapture(db);
    await saveThumbnail(db, r.id, webp(preview));
    const row = (await db.thumbnails.get(r.id)) as StoredThumbnail;
    expect(row.blob).toBeUndefined();
    expect(row.bytes).toEqual(preview);
    expect(row.type).toBe('image/webp');
    expect(row.sums).toEqual(await sumsOf(preview));
    const shown = await getPreview(db, r.id);
    expect(shown?.type).toBe('image/webp');
    expect(await bytesOf(shown)).toEqual(preview);
  });

  it('are converted by the upgrade from the Blobs stored before version 11', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(10).stores({ captures: 'id, capturedAt, *controlIds, pageUrl', thumbnails: 'captureId' });
    const rows = await Promise.all(
      [0, 1, 2].map(async (n) => ({ id: (await sampleRecord()).id, bytes: preview.map((b) => b ^ n) })),
    );
    await old.table('thumbnails').bulkAdd(rows.map((r) => ({ captureId: r.id, blob: webp(r.bytes) })));
    // More previews than the upgrade converts in one chunk.
    await old.table('thumbnails').bulkAdd(
      Array.from({ length: 600 }, (_, i) => ({
        captureId: `many-${i}`,
        blob: webp(Uint8Array.of(i & 0xff, i >> 8)),
      })),
    );
    old.close();
    const db = new ProofTrailDb(name);
    const all = await db.thumbnails.toArray();
    expect(all).toHaveLength(603);
    expect(all.filter((t) => t.blob)).toEqual([]);
    expect((await db.thumbnails.get('many-599'))?.bytes).toEqual(Uint8Array.of(599 & 0xff, 599 >> 8));
    for (const r of rows) {
      const row = (await db.thumbnails.get(r.id)) as StoredThumbnail;
      expect(row).toEqual({
        captureId: r.id,
        bytes: r.bytes,
        type: 'image/webp',
        sums: await sumsOf(r.bytes),
      });
      expect(await bytesOf(await getPreview(db, r.id))).toEqual(r.bytes);
    }
    expect(db.verno).toBe(11);
  });

  it('are what the export writes for a preview: the kept sums are not recomputed', async () => {
    const db = freshDb();
    const r = await storeCapture(db, { controlIds: ['A.5.18'] });
    await saveThumbnail(db, r.id, webp(preview));
    const { bytes } = await exportToBytes(db);
    const fine = unzipSync(bytes);
    const entry = manifestOf(fine).files.find((f) => f.role === 'thumbnail')!;
    expect(entry.path).toMatch(/\.thumb\.webp$/);
    expect(entry.sha256).toBe((await sumsOf(preview)).sha256);
    expect(fine[entry.path]).toEqual(preview);
    expect((await verifyBundle(await readZip(bytes))).problems).toEqual([]);
    // Kept sums that lie (same size) are what the manifest lists: the bytes were not hashed again.
    const row = (await db.thumbnails.get(r.id)) as StoredThumbnail;
    const lying: StoredThumbnail = { ...row, sums: { ...row.sums, sha256: 'ab'.repeat(32) } };
    await db.thumbnails.put(lying);
    const lied = manifestOf(unzipSync((await exportToBytes(db)).bytes));
    expect(lied.files.find((f) => f.role === 'thumbnail')?.sha256).toBe('ab'.repeat(32));
  });

  it('one left as a Blob (unreadable at the upgrade) is read at export, and the bundle verifies', async () => {
    const db = freshDb();
    const r = await storeCapture(db, { controlIds: ['A.5.18'] });
    await db.thumbnails.put({ captureId: r.id, blob: webp(preview) });
    expect(await bytesOf(await getPreview(db, r.id))).toEqual(preview);
    const { bytes } = await exportToBytes(db);
    const zip = unzipSync(bytes);
    const entry = manifestOf(zip).files.find((f) => f.role === 'thumbnail')!;
    expect(entry.sha256).toBe((await sumsOf(preview)).sha256);
    expect(zip[entry.path]).toEqual(preview);
    expect((await verifyBundle(await readZip(bytes))).problems).toEqual([]);
  });
});
