// Bundled (IIFE, global ProofTrailExportFloor) by node/bench/export-bench.ts and evaluated in the
// library page the export bench drives: the browser's floor for what the export must do with the
// images, including the image check, run with the export's own ImageCheck (lib/bundle/image-check.ts)
// and the extension's built image-check worker (export-bench.ts points the bundle at it).

import { ImageCheck } from '../../lib/bundle/image-check';
import type { ImageSumsRow } from '../../lib/db/image-sums';

/** Bytes gathered per write, as the exporter's ZIP writer gathers them (lib/bundle/zip-writer.ts). */
const WRITE_BYTES = 8 << 20;

export interface CheckFloor {
  ms: number;
  /** Bytes written to the file (0 when nothing is written). */
  written: number;
  /** Image bytes read back and hashed by the image check. */
  checked: number;
  images: number;
}

/**
 * Every stored image read back and checked by the export's ImageCheck (its worker reads the
 * stored Blobs in groups of up to 4 MB and compares each one's SHA-256 and CRC-32 with the sums
 * kept for it; at most 64 MB in flight), in store order. With `write`, beside it, as
 * export-bench.ts's `writeImagesAndPreviews` does: each image's stored Blob, then its preview's,
 * written to a new file in the origin-private file system ~8 MB per write; each image is queued
 * for its check after it joins a write, as the exporter does. Timed from before the stores are
 * read (one transaction) until the file is closed and every check has answered; the checker
 * starts inside the timed span, as it does in an export. Throws if any check fails or a kept sum
 * is missing: every image is really read and hashed.
 */
export async function checkFloor(write: boolean): Promise<CheckFloor> {
  const db = await openDatabase();
  const name = 'write-floor-check.bin';
  const root = await navigator.storage.getDirectory();
  try {
    const t0 = performance.now();
    const stores = write ? ['images', 'imageSums', 'thumbnails'] : ['images', 'imageSums'];
    const tx = db.transaction(stores);
    const [rows, sums, previews = []] = (await Promise.all(stores.map((s) => getAll(tx, s)))) as [
      { captureId: string; blob: Blob }[],
      ImageSumsRow[],
      { captureId: string; blob: Blob }[]?,
    ];
    const sumsOf = new Map(sums.map((s) => [s.captureId, s]));
    const previewOf = new Map(previews.map((p) => [p.captureId, p.blob]));
    const check = new ImageCheck();
    const file = write
      ? await (await root.getFileHandle(name, { create: true })).createWritable()
      : undefined;
    let batch: Blob[] = [];
    let size = 0;
    let written = 0;
    let checked = 0;
    try {
      for (const row of rows) {
        const kept = sumsOf.get(row.captureId);
        if (!kept) throw new Error(`capture ${row.captureId} has no kept image sums`);
        if (file) {
          const preview = previewOf.get(row.captureId);
          for (const part of preview ? [row.blob, preview] : [row.blob]) {
            const n = part.size;
            batch.push(part);
            size += n;
            written += n;
          }
          if (size >= WRITE_BYTES) {
            await file.write(new Blob(batch));
            batch = [];
            size = 0;
          }
        }
        await check.add(row.captureId, row.blob, kept);
        checked += row.blob.size;
      }
      if (file && batch.length) await file.write(new Blob(batch));
      await file?.close();
      await check.done();
    } finally {
      check.close();
    }
    return { ms: performance.now() - t0, written, checked, images: rows.length };
  } finally {
    db.close();
    if (write) await root.removeEntry(name).catch(() => undefined);
  }
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open('prooftrail');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function getAll(tx: IDBTransaction, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const r = tx.objectStore(store).getAll();
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
