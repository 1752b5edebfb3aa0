import Dexie from 'dexie';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { saveThumbnail } from '../../../lib/db/captures-repo';
import { ProofTrailDb } from '../../../lib/db/database';
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

describe('thumbnail sums (Dexie version 11, kept in the thumbnail row)', () => {
  it('are computed when a preview is stored', async () => {
    const db = freshDb();
    const r = await storeCapture(db);
    await saveThumbnail(db, r.id, webp(preview));
    expect((await db.thumbnails.get(r.id))?.sums).toEqual(await sumsOf(preview));
  });

  it('are computed by the upgrade for previews stored before version 11', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(10).stores({ captures: 'id, capturedAt, *controlIds, pageUrl', thumbnails: 'captureId' });
    const rows = await Promise.all(
      [0, 1, 2].map(async (n) => ({ id: (await sampleRecord()).id, bytes: preview.map((b) => b ^ n) })),
    );
    await old.table('thumbnails').bulkAdd(rows.map((r) => ({ captureId: r.id, blob: webp(r.bytes) })));
    // More previews than the upgrade does in one chunk.
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
    expect(all.filter((t) => !t.sums)).toEqual([]);
    expect((await db.thumbnails.get('many-599'))?.sums).toEqual(
      await sumsOf(Uint8Array.of(599 & 0xff, 599 >> 8)),
    );
    for (const r of rows) {
      const row = await db.thumbnails.get(r.id);
      expect(row?.sums).toEqual(await sumsOf(r.bytes));
      expect(new Uint8Array(await row!.blob.arrayBuffer())).toEqual(r.bytes);
    }
    expect(db.verno).toBe(12);
  });

  it('are what the export writes for a preview: kept ones are not recomputed from its bytes', async () => {
    const db = freshDb();
    const r = await storeCapture(db, { controlIds: ['A.5.18'] });
    await saveThumbnail(db, r.id, webp(preview));
    const fine = unzipSync((await exportToBytes(db)).bytes);
    const entry = manifestOf(fine).files.find((f) => f.role === 'thumbnail')!;
    expect(entry.sha256).toBe((await sumsOf(preview)).sha256);
    expect(fine[entry.path]).toEqual(preview);
    // Kept sums that lie (same size) are what the manifest lists: the Blob was not read for them.
    const row = (await db.thumbnails.get(r.id))!;
    await db.thumbnails.put({ ...row, sums: { ...row.sums!, sha256: 'ab'.repeat(32) } });
    const lied = manifestOf(unzipSync((await exportToBytes(db)).bytes));
    expect(lied.files.find((f) => f.role === 'thumbnail')?.sha256).toBe('ab'.repeat(32));
  });

  it('a preview left without sums (unreadable at the upgrade) is read at export, and the bundle verifies', async () => {
    const db = freshDb();
    const r = await storeCapture(db, { controlIds: ['A.5.18'] });
    await db.thumbnails.put({ captureId: r.id, blob: webp(preview) });
    const { bytes } = await exportToBytes(db);
    const zip = unzipSync(bytes);
    const entry = manifestOf(zip).files.find((f) => f.role === 'thumbnail')!;
    expect(entry.sha256).toBe((await sumsOf(preview)).sha256);
    const report = await verifyBundle(await readZip(bytes));
    expect(report.problems).toEqual([]);
  });
});
