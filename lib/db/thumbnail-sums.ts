import Dexie, { type Transaction } from 'dexie';
import { sha256Hex } from '../integrity/sha256';
import { crc32 } from '../zip/crc32';
import type { ThumbnailRow } from './types';

/** A stored file's size, CRC-32 (the ZIP header's checksum, unsigned) and SHA-256 (lower-case hex). */
export interface FileSums {
  size: number;
  crc32: number;
  sha256: string;
}

/** The sums of a small file's bytes. */
export async function fileSumsOf(bytes: Uint8Array): Promise<FileSums> {
  return { size: bytes.byteLength, crc32: crc32(bytes), sha256: await sha256Hex(bytes as BufferSource) };
}

/**
 * A thumbnail row with its sums (Dexie version 11), computed once here, when the preview is
 * stored or imported, so that an export writes the preview's Blob without reading it. `bytes` are
 * the Blob's own bytes when the caller already holds them.
 */
export async function thumbnailRow(captureId: string, blob: Blob, bytes?: Uint8Array): Promise<ThumbnailRow> {
  const sums = await fileSumsOf(bytes ?? new Uint8Array(await blob.arrayBuffer()));
  if (sums.size !== blob.size) throw new Error(`The preview of capture ${captureId} is not the bytes given.`);
  return { captureId, blob, sums };
}

/** Previews read at once while the upgrade computes their sums (each one is a few tens of kB). */
const UPGRADE_READING = 16;
/** Previews whose sums are computed, then written, at a time. */
const UPGRADE_CHUNK = 256;
/**
 * How long the upgrade spends on the sums, at most. Every context waits for the upgrade before it
 * can use the database, so it does not run on without end: previews left without sums get them at
 * their export (lib/bundle/capture-files.ts), as before this version.
 */
const UPGRADE_BUDGET_MS = 20_000;

/**
 * Version 11's upgrade: the sums of every preview stored before it. The previews' bytes are read
 * outside IndexedDB (Dexie.waitFor keeps the upgrade's transaction open meanwhile), then the rows
 * are rewritten with their sums, a chunk at a time. A preview that cannot be read keeps no sums;
 * nothing fails the open.
 */
export async function addThumbnailSums(tx: Transaction): Promise<void> {
  const table = tx.table<ThumbnailRow, string>('thumbnails');
  const rows = (await table.toArray()).filter((r) => r.blob instanceof Blob && !r.sums);
  const deadline = Date.now() + UPGRADE_BUDGET_MS;
  for (let at = 0; at < rows.length && Date.now() < deadline; at += UPGRADE_CHUNK) {
    const chunk = rows.slice(at, at + UPGRADE_CHUNK);
    const done = await Dexie.waitFor(sumsUntil(chunk, deadline), UPGRADE_BUDGET_MS * 2);
    if (done.length) await table.bulkPut(done);
  }
}

async function sumsUntil(rows: ThumbnailRow[], deadline: number): Promise<ThumbnailRow[]> {
  const done: ThumbnailRow[] = [];
  let next = 0;
  const reader = async () => {
    while (next < rows.length && Date.now() < deadline) {
      const row = rows[next++]!;
      try {
        done.push(await thumbnailRow(row.captureId, row.blob));
      } catch {
        // Unreadable: left as it is, and read at export.
      }
    }
  };
  await Promise.all(Array.from({ length: UPGRADE_READING }, reader));
  return done;
}
