import type { RandomAccessSource } from './random-access-source';

/**
 * Calls `each` with consecutive chunks of [offset, offset + length), reading the next chunk while
 * the current one is handled (a file read runs on Node's thread pool while this thread hashes or
 * inflates). At most two chunks are held at a time.
 */
export async function forEachChunk(
  source: RandomAccessSource,
  offset: number,
  length: number,
  chunkSize: number,
  each: (chunk: Uint8Array, last: boolean) => void,
): Promise<void> {
  const end = offset + length;
  let at = offset;
  const next = () => {
    const n = Math.min(chunkSize, end - at);
    const read = source.read(at, n);
    at += n;
    return read;
  };
  let pending: Promise<Uint8Array> | undefined = length > 0 ? next() : undefined;
  try {
    while (pending) {
      const chunk = await pending;
      pending = at < end ? next() : undefined;
      each(chunk, pending === undefined);
    }
  } finally {
    // Stopped early (a limit was hit): the read ahead is no longer wanted, nor its failure.
    pending?.catch(() => {});
  }
}
