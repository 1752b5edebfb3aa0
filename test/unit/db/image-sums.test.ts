import { describe, expect, it } from 'vitest';
import { captureTables, deleteCapture, saveCapture } from '../../../lib/db/captures-repo';
import { StoredImageMismatch, sumsForExport, sumsOf } from '../../../lib/db/image-sums';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { crc32 } from '../../../lib/zip/crc32';
import { freshDb } from '../helpers';
import { sampleRecord } from './sample-record';

const png = Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24);
const blobOf = (bytes: Uint8Array) => new Blob([bytes as BlobPart], { type: 'image/png' });
const dana = { name: 'Dana', email: 'dana@example.com' };

describe('image sums (Dexie version 9, table imageSums)', () => {
  it('are written with the image by saveCapture, and removed with it', async () => {
    const db = freshDb();
    const r = await sampleRecord(png);
    await saveCapture(db, r, blobOf(png), undefined, sumsOf(r.id, png, r.image.sha256));
    expect(await db.imageSums.get(r.id)).toEqual({
      captureId: r.id,
      size: png.byteLength,
      crc32: crc32(png),
      sha256: await sha256Hex(png),
    });
    await deleteCapture(db, r.id, 'duplicate', dana);
    expect(await db.imageSums.count()).toBe(0);
  });

  it('are written in the same transaction as the image: a commit that fails keeps neither', async () => {
    const db = freshDb();
    const r = await sampleRecord(png);
    await expect(
      db.transaction('rw', captureTables(db), async () => {
        await saveCapture(db, r, blobOf(png), undefined, sumsOf(r.id, png, r.image.sha256));
        expect(await db.imageSums.get(r.id)).toBeDefined();
        throw new Error('the ledger entry could not be signed');
      }),
    ).rejects.toThrow(/could not be signed/);
    expect(await db.images.count()).toBe(0);
    expect(await db.imageSums.count()).toBe(0);
  });

  it('refuses sums that are not those of the image saved', async () => {
    const db = freshDb();
    const r = await sampleRecord(png);
    const other = png.slice(0, 100);
    await expect(
      saveCapture(db, r, blobOf(png), undefined, sumsOf(r.id, other, r.image.sha256)),
    ).rejects.toThrow(/not those of its image/);
    expect(await db.captures.count()).toBe(0);
  });

  it('are computed on first export for an image stored before version 9, checked and kept', async () => {
    const db = freshDb();
    const r = await sampleRecord(png);
    await saveCapture(db, r, blobOf(png));
    expect(await db.imageSums.get(r.id)).toBeUndefined();
    const sums = await sumsForExport(db, r, blobOf(png), undefined);
    expect(sums).toEqual({
      captureId: r.id,
      size: png.byteLength,
      crc32: crc32(png),
      sha256: r.image.sha256,
    });
    expect(await db.imageSums.get(r.id)).toEqual(sums);
  });

  it('kept ones are used as they are when they agree with the record (the Blob is not read)', async () => {
    const db = freshDb();
    const r = await sampleRecord(png);
    const kept = { ...sumsOf(r.id, png, r.image.sha256), crc32: 12345 };
    const unreadable = blobOf(png);
    unreadable.arrayBuffer = () => Promise.reject(new Error('read'));
    expect(await sumsForExport(db, r, unreadable, kept)).toBe(kept);
  });

  it('refuse, naming the capture, an image or kept sums that disagree with the signed record', async () => {
    const db = freshDb();
    const r = await sampleRecord(png);
    const changed = png.slice();
    changed[10]! ^= 0xff;
    // An old row (no sums kept) whose bytes changed: caught when the sums are computed.
    await expect(sumsForExport(db, r, blobOf(changed), undefined)).rejects.toThrow(StoredImageMismatch);
    await expect(sumsForExport(db, r, blobOf(changed), undefined)).rejects.toThrow(
      new RegExp(`capture ${r.id} no longer matches its record`),
    );
    expect(await db.imageSums.count()).toBe(0);
    // Kept sums for other bytes than the record signs, or an image of another size.
    await expect(
      sumsForExport(db, r, blobOf(png), sumsOf(r.id, changed, await sha256Hex(changed))),
    ).rejects.toThrow(/checksums kept for other bytes/);
    await expect(
      sumsForExport(db, r, blobOf(png.slice(1)), sumsOf(r.id, png, r.image.sha256)),
    ).rejects.toThrow(/has 4999 bytes where its record says 5000/);
  });
});
