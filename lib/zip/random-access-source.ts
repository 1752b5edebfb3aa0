import { BundleReadError } from '../verify/archive';

/**
 * Bytes that can be read at any offset without holding them all: a file on disk, a browser File,
 * or bytes already in memory. The ZIP reader only ever asks for ranges inside `size`.
 */
export interface RandomAccessSource {
  readonly size: number;
  /** Exactly `length` bytes from `offset`; a source that cannot give them all throws BundleReadError. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * SHA-256 (hex) of exactly `length` bytes from `offset`, where the source can hash them itself
   * (the CLI, on other threads); BundleReadError if they are not all there. Absent elsewhere.
   */
  sha256Range?(offset: number, length: number): Promise<string>;
}

/** A source over bytes in memory. Reads return views, not copies, so nothing is duplicated. */
export function bytesSource(bytes: Uint8Array): RandomAccessSource {
  return {
    size: bytes.byteLength,
    read: async (offset, length) => {
      checkRange(offset, length, bytes.byteLength);
      return bytes.subarray(offset, offset + length);
    },
  };
}

/** Throws BundleReadError unless [offset, offset + length) lies inside a source of `size` bytes. */
export function checkRange(offset: number, length: number, size: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0)
    throw new RangeError(`invalid read of ${length} bytes at ${offset}`);
  if (offset + length > size)
    throw new BundleReadError(
      `the file ends at byte ${size}, before the ${length} bytes wanted at offset ${offset} (truncated?)`,
    );
}

/** Throws BundleReadError when a source gave fewer bytes than asked (the file shrank while being read). */
export function checkLength(got: Uint8Array, length: number, offset: number): Uint8Array {
  if (got.byteLength !== length) throw shortRead(got.byteLength, length, offset);
  return got;
}

/** The error for a source that held only `got` of the `length` bytes wanted at `offset`. */
export function shortRead(got: number, length: number, offset: number): BundleReadError {
  return new BundleReadError(
    `read ${got} of ${length} bytes at offset ${offset}: the file changed or was truncated while being read`,
  );
}
