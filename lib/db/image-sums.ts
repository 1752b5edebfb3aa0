import type { CaptureMetadata } from '../formats/capture-metadata';
import { sha256Hex } from '../integrity/sha256';
import { crc32 } from '../zip/crc32';
import type { ProofTrailDb } from './database';

/**
 * What is kept beside each stored image (table `imageSums`, Dexie version 9) so that an export
 * writes the image without reading it: its size, CRC-32 (the ZIP header's checksum) and SHA-256
 * (the manifest's). Written in the same transaction as the image; computed on first export for
 * images stored before version 9.
 */
export interface ImageSumsRow {
  captureId: string;
  size: number;
  crc32: number;
  sha256: string;
}

/** Raised when a stored image does not match the record that signs it: the export stops there. */
export class StoredImageMismatch extends Error {
  constructor(
    readonly captureId: string,
    what: string,
  ) {
    super(
      `The stored image of capture ${captureId} ${what}, so it was not exported. Open the capture in the library and run "Check integrity" on it.`,
    );
  }
}

/**
 * The sums of an image's bytes. `sha256` is the one already computed over the same bytes (the
 * record's `image.sha256` when the capture is made or imported): only the CRC-32 is computed here.
 */
export function sumsOf(captureId: string, png: Uint8Array, sha256: string): ImageSumsRow {
  return { captureId, size: png.byteLength, crc32: crc32(png), sha256 };
}

/**
 * The sums of a capture's image for export: the kept ones, after a cheap check against the signed
 * record (same size and SHA-256 as it states, same size as the Blob); or, for an image stored
 * before they were kept, computed now from its bytes, checked against the record, and kept.
 * Throws StoredImageMismatch when the image or the kept sums disagree with the record.
 */
export async function sumsForExport(
  db: ProofTrailDb,
  capture: Pick<CaptureMetadata, 'id' | 'image'>,
  blob: Blob,
  kept: ImageSumsRow | undefined,
): Promise<ImageSumsRow> {
  const { id, image } = capture;
  if (blob.size !== image.byteLength)
    throw new StoredImageMismatch(id, `has ${blob.size} bytes where its record says ${image.byteLength}`);
  if (kept) {
    if (kept.size !== image.byteLength || kept.sha256 !== image.sha256)
      throw new StoredImageMismatch(id, 'has checksums kept for other bytes than its record signs');
    return kept;
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sha256 = await sha256Hex(bytes as BufferSource);
  if (sha256 !== image.sha256)
    throw new StoredImageMismatch(
      id,
      `no longer matches its record (SHA-256 ${sha256}, signed ${image.sha256})`,
    );
  const row = sumsOf(id, bytes, sha256);
  // Kept for the next export, unless the capture was deleted meanwhile.
  await db.transaction('rw', db.images, db.imageSums, async () => {
    if (await db.images.get(id)) await db.imageSums.put(row);
  });
  return row;
}
