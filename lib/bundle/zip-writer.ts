import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { toHex } from '../integrity/sha256';
import type { ByteSink } from './byte-sink';

/**
 * Streams files into a ZIP written to a sink. Images are stored (PNG is already compressed), text
 * is deflated. Each `add` waits until its bytes reached the sink, so at most one file is held in
 * memory. Each file's SHA-256 and size are computed from the bytes actually written.
 */
export class ZipWriter {
  private readonly zip: Zip;
  private failure: Error | undefined;
  private queue: Uint8Array[] = [];
  /** Bytes handed to the sink so far. */
  written = 0;

  constructor(private readonly sink: ByteSink) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure = err;
      else this.queue.push(chunk);
    });
  }

  /** Adds one file; `compress` deflates it. Returns its SHA-256 (hex) and size. */
  async add(
    path: string,
    data: Blob | Uint8Array,
    compress: boolean,
  ): Promise<{ sha256: string; size: number }> {
    const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    this.zip.add(entry);
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
    entry.push(bytes, true);
    this.throwIfFailed();
    const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
    await this.drain();
    return { sha256: toHex(new Uint8Array(digest)), size: bytes.byteLength };
  }

  /** Writes the central directory and closes the sink; the ZIP is complete after this. */
  async end(): Promise<void> {
    this.zip.end();
    this.throwIfFailed();
    await this.drain();
    await this.sink.close();
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const chunk = this.queue.shift()!;
      this.written += chunk.byteLength;
      await this.sink.write(chunk);
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
