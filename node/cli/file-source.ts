import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { HashFactory } from '../../lib/verify/archive';
import {
  checkLength,
  checkRange,
  type RandomAccessSource,
  shortRead,
} from '../../lib/zip/random-access-source';
import { rangeHasher } from './hash-threads';

/** A RandomAccessSource over an open file; close it when done. */
export interface FileSource extends RandomAccessSource {
  close(): Promise<void>;
}

/**
 * Opens a file for random access (Node only: the extension never imports node/cli). Each read
 * allocates its own buffer, since the ZIP reader may hold a chunk while the next is read.
 */
export async function openFileSource(path: string): Promise<FileSource> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    // Stored entries (the images: nearly all of a bundle's bytes) are hashed on other threads.
    const hasher = rangeHasher(handle.fd, shortRead);
    return {
      size,
      sha256Range: async (offset, length) => {
        checkRange(offset, length, size);
        return hasher.sha256(offset, length);
      },
      read: async (offset, length) => {
        checkRange(offset, length, size);
        const buffer = Buffer.allocUnsafe(length);
        let got = 0;
        // A read may return fewer bytes than asked; only 0 means the file ended.
        while (got < length) {
          const { bytesRead } = await handle.read(buffer, got, length - got, offset + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return checkLength(buffer.subarray(0, got), length, offset);
      },
      close: async () => {
        await hasher.close();
        await handle.close();
      },
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Node's native streaming SHA-256 (OpenSSL), several times faster than the JavaScript one. */
export const nodeSha256: HashFactory = () => {
  const hash = createHash('sha256');
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    hex: () => hash.digest('hex'),
  };
};
