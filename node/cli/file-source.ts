import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { HashFactory } from '../../lib/verify/archive';
import { checkLength, checkRange, type RandomAccessSource } from '../../lib/zip/random-access-source';

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
    return {
      size,
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
      close: () => handle.close(),
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
