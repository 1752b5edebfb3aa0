import type { RandomAccessSource } from './random-access-source';

/** Bytes read at once for the small records (local headers, data descriptors) of a ZIP. */
export const WINDOW = 64 << 10;

/**
 * Serves small reads from the last window read, for walking local headers in offset order:
 * headers of small entries share a window, so a bundle of thousands of small files costs a few
 * reads, not two per entry (each read of a File in the browser is an async round trip).
 */
export class WindowReader {
  private start = 0;
  private window: Uint8Array = new Uint8Array(0);

  constructor(private readonly source: RandomAccessSource) {}

  /** Up to `length` bytes at `offset` (fewer only at the end of the source); the view may be shared. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const length_ = Math.min(length, this.source.size - offset);
    if (offset < this.start || offset + length_ > this.start + this.window.byteLength) {
      this.start = offset;
      this.window = await this.source.read(
        offset,
        Math.min(Math.max(length_, WINDOW), this.source.size - offset),
      );
    }
    return this.window.subarray(offset - this.start, offset - this.start + length_);
  }
}
