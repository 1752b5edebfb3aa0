import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { toHex } from '../integrity/sha256';
import type { ByteSink } from './byte-sink';

/** Files smaller than this are stored even when compression is asked for. */
const MIN_DEFLATE_BYTES = 16 << 10;
/** Bytes gathered before one write to the sink. */
const BATCH_BYTES = 4 << 20;

/**
 * Streams files into a ZIP written to a sink. Images are stored (PNG is already compressed), text
 * is deflated. Each `add` waits until its bytes reached the sink, so at most one file is held in
 * memory. Each file's SHA-256 and size are computed from the bytes actually written.
 */
export class ZipWriter {
  private readonly zip: Zip;
  private failure: Error | undefined;
  private queue: Uint8Array[] = [];
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** Bytes produced so far (handed to the sink, or about to be in the current batch). */
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
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
    // A deflate stream sets up ~300 kB of tables; for a file of a few kB that costs more than it
    // saves, so small files are stored.
    const entry =
      compress && bytes.byteLength >= MIN_DEFLATE_BYTES
        ? new ZipDeflate(path, { level: 6 })
        : new ZipPassThrough(path);
    this.zip.add(entry);
    entry.push(bytes, true);
    this.throwIfFailed();
    const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
    await this.drain();
    return { sha256: toHex(new Uint8Array(digest)), size: bytes.byteLength };
  }

  /** Writes the central directory and closes the sink (unless cancelled); the ZIP is complete after this. */
  async end(signal?: AbortSignal): Promise<void> {
    this.zip.end();
    this.throwIfFailed();
    await this.drain(true);
    await this.inFlight;
    // A cancel pressed while the last bytes were being written still wins: nothing is kept.
    signal?.throwIfAborted();
    await this.sink.close();
  }

  /**
   * Moves what fflate produced into the current batch and hands the batch to the sink once it
   * reaches BATCH_BYTES (or at the end). A sink write crosses into the browser process, so one
   * write per ~4 MB, not one per header and file, keeps the export close to the speed of reading
   * the images; memory stays bounded by one batch plus one file.
   */
  private async drain(final = false): Promise<void> {
    for (const chunk of this.queue) {
      this.batch.push(chunk);
      this.batchBytes += chunk.byteLength;
      this.written += chunk.byteLength;
    }
    this.queue = [];
    if (this.batchBytes < BATCH_BYTES && !(final && this.batchBytes)) return;
    // A Blob of the pieces: the browser copies them once, not JavaScript twice.
    const joined = new Blob(this.batch as BlobPart[]);
    this.batch = [];
    this.batchBytes = 0;
    // One write in flight while the next batch is gathered (one batch more in memory).
    await this.inFlight;
    this.inFlight = this.sink.write(joined);
    // Awaited at the next batch or the end, which is where a failed write is reported.
    this.inFlight.catch(() => undefined);
    if (final) await this.inFlight;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
