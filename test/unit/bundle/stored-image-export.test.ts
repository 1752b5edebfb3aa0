import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BlobSink } from '../../../lib/bundle/byte-sink';
import { exportBundle } from '../../../lib/bundle/export-bundle';
import { StoredImageMismatch } from '../../../lib/db/image-sums';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { crc32 } from '../../../lib/zip/crc32';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

const png = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 2654435761) >>> 24);
const iso = (id: string) => ({ id, title: `ISO ${id}`, framework: 'ISO/IEC 27001:2022' });

async function library() {
  const db = freshDb();
  const first = await storeCapture(db, { controlIds: ['A.5.18'], controls: [iso('A.5.18')] }, png);
  const second = await storeCapture(
    db,
    { controlIds: ['A.8.2'], controls: [iso('A.8.2')], capturedAt: '2026-11-28T11:00:00.000Z' },
    png.map((b) => b ^ 1),
  );
  return { db, first, second };
}

/** What a damaged or edited IndexedDB file does: the same number of bytes, one of them changed. */
const damaged = () => {
  const bytes = png.slice();
  bytes[1234]! ^= 0x40;
  return new Blob([bytes], { type: 'image/png' });
};

describe('export from kept image sums', () => {
  it('keeps the sums of images stored before them on first export, and the bundle verifies', async () => {
    const { db, first } = await library();
    expect(await db.imageSums.count()).toBe(0);
    const { bytes } = await exportToBytes(db);
    expect(await db.imageSums.get(first.id)).toMatchObject({ size: png.byteLength, crc32: crc32(png) });
    expect(await db.imageSums.count()).toBe(2);
    const report = await verifyBundle(await readZip(bytes));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // A second export, from the kept sums, writes the same images.
    const again = unzipSync((await exportToBytes(db)).bytes);
    const image = Object.keys(again).find((p) => p.startsWith('controls/A.5.18/') && p.endsWith('.png'))!;
    expect(again[image]).toEqual(png);
  });

  it('refuses, naming the capture, when a stored image no longer has the bytes its sums were kept for', async () => {
    const { db, first } = await library();
    await exportToBytes(db); // the sums are kept now
    const entries = await db.ledger.count();
    await db.images.put({ captureId: first.id, blob: damaged() });
    const sink = new BlobSink();
    const exported = exportBundle(db, { scope: { kind: 'selection' }, extensionVersion: '0.3.0', sink });
    await expect(exported).rejects.toThrow(StoredImageMismatch);
    await expect(exported).rejects.toThrow(
      new RegExp(`The stored image of capture ${first.id} no longer matches its record .*Check integrity`),
    );
    // Nothing was signed and nothing kept: no export entry, an empty sink.
    expect(await db.ledger.count()).toBe(entries);
    expect(sink.blob().size).toBe(0);
  });

  it('refuses an old image (no sums kept yet) whose bytes changed, and keeps no sums for them', async () => {
    const { db, second } = await library();
    await db.images.put({ captureId: second.id, blob: damaged() });
    await expect(exportToBytes(db)).rejects.toThrow(
      new RegExp(`capture ${second.id} no longer matches its record`),
    );
    expect(await db.imageSums.get(second.id)).toBeUndefined();
  });

  it('refuses kept sums whose CRC-32 no longer matches the image (the ZIP header would be wrong)', async () => {
    const { db, first } = await library();
    await exportToBytes(db);
    const kept = (await db.imageSums.get(first.id))!;
    await db.imageSums.put({ ...kept, crc32: (kept.crc32 + 1) >>> 0 });
    await expect(exportToBytes(db)).rejects.toThrow(
      new RegExp(`capture ${first.id} no longer matches the CRC-32 kept with it`),
    );
  });
});
