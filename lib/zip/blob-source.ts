import { checkLength, checkRange, type RandomAccessSource } from './random-access-source';

/**
 * A source over a Blob or File (verify.html): each read slices the Blob, so the browser reads
 * only that range from disk and the page never holds the whole bundle.
 */
export function blobSource(blob: Blob): RandomAccessSource {
  return {
    size: blob.size,
    read: async (offset, length) => {
      checkRange(offset, length, blob.size);
      const buffer = await blob.slice(offset, offset + length).arrayBuffer();
      return checkLength(new Uint8Array(buffer), length, offset);
    },
  };
}
