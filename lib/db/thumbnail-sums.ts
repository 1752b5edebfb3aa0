import Dexie, { type Transaction } from 'dexie';
import { sha256Hex } from '../integrity/sha256';
import { crc32 } from '../zip/crc32';
import type { LegacyThumbnail, StoredThumbnail, ThumbnailRow } from './types';

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
 * A preview as stored since version 11: its bytes in the row, with their sums computed once,
 * here, when the preview is stored or imported. An export then writes the bytes it read with the
 * row (no stored Blob opened, nothing hashed again), and the library makes a Blob of them to show.
 */
export async function thumbnailRow(
  captureId: string,
  preview: Blob | { bytes: Uint8Array; type: string },
): Promise<StoredThumbnail> {
  const { bytes, type } =
    preview instanceof Blob
      ? { bytes: new Uint8Array(await preview.arrayBuffer()), type: preview.type }
      : preview;
  return { captureId, bytes, type, sums: await fileSumsOf(bytes) };
}

/** A preview's bytes as a Blob, whichever way it was stored. */
export function thumbnailBlob(row: ThumbnailRow): Blob {
  return row.blob ?? new Blob([row.bytes as BlobPart], { type: row.type });
}

/** Previews read at once while the upgrade converts them (each one is a few tens of kB). */
const UPGRADE_READING = 16;
/** Previews converted, then written, at a time: the upgrade holds at most this many previews' bytes. */
const UPGRADE_CHUNK = 256;
/**
 * How long the upgrade spends reading previews, at most. Every context waits for the upgrade
 * before it can use the database, so it does not run on without end: previews left as Blobs are
 * still shown, and read at export (lib/bundle/capture-files.ts), as before this version.
 */
const UPGRADE_BUDGET_MS = 20_000;

/**
 * Version 11's upgrade: every preview stored as a Blob before it is read (outside IndexedDB:
 * Dexie.waitFor keeps the upgrade's transaction open meanwhile) and rewritten as its bytes with
 * their sums, a chunk at a time. A preview that cannot be read stays as it was; nothing fails the
 * open.
 */
export async function storeThumbnailBytes(tx: Transaction): Promise<void> {
  const table = tx.table<ThumbnailRow, string>('thumbnails');
  // Rows hold Blob handles here, not bytes.
  const rows = (await table.toArray()).filter((r): r is LegacyThumbnail => !!r.blob);
  const deadline = Date.now() + UPGRADE_BUDGET_MS;
  for (let at = 0; at < rows.length && Date.now() < deadline; at += UPGRADE_CHUNK) {
    const done = await Dexie.waitFor(
      convert(rows.slice(at, at + UPGRADE_CHUNK), deadline),
      UPGRADE_BUDGET_MS * 2,
    );
    if (done.length) await table.bulkPut(done);
  }
}

async function convert(rows: LegacyThumbnail[], deadline: number): Promise<StoredThumbnail[]> {
  const done: StoredThumbnail[] = [];
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
