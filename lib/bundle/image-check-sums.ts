import { sha256Hex } from '../integrity/sha256';
import { crc32 } from '../zip/crc32';

/** One image to check, as posted to the worker (a Blob crosses as a handle, not its bytes). */
export interface ImageCheckRequest {
  id: number;
  blob: Blob;
  sha256: string;
  crc32: number;
}

/** The worker's answer: what differs, or nothing. */
export interface ImageCheckResult {
  id: number;
  mismatch?: string;
}

/** Reads a stored image and says how it differs from the sums kept for it (undefined: it does not). */
export async function imageMismatch(
  blob: Blob,
  sums: { sha256: string; crc32: number },
): Promise<string | undefined> {
  return sumsMismatch(new Uint8Array(await blob.arrayBuffer()), sums);
}

/** How an image's bytes, already read, differ from the sums kept for it (undefined: they do not). */
export async function sumsMismatch(
  bytes: Uint8Array,
  sums: { sha256: string; crc32: number },
): Promise<string | undefined> {
  const sha256 = await sha256Hex(bytes as BufferSource);
  if (sha256 !== sums.sha256)
    return `no longer matches its record (SHA-256 ${sha256}, signed ${sums.sha256})`;
  if (crc32(bytes) !== sums.crc32) return 'no longer matches the CRC-32 kept with it';
  return undefined;
}
