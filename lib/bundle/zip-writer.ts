import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { toHex } from '../integrity/sha256';

/** Output is gathered as small Blobs, which the browser may keep on disk, not one growing buffer. */
export interface ZipOutput {
  blob(): Blob;
}

/**
 * Streams files into a ZIP. Images are stored (PNG is already compressed), text is deflated.
 * Each file's SHA-256 and size are computed from the bytes actually written.
 */
export class ZipWriter implements ZipOutput {
  private readonly parts: Blob[] = [];
  private readonly zip: Zip;
  private failure: Error | undefined;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor() {
    this.zip = new Zip((err, chunk, final) => {
      if (err) this.failure = err;
      else {
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        if (final || this.pendingBytes > 1 << 20) this.flush();
      }
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
    return { sha256: toHex(new Uint8Array(digest)), size: bytes.byteLength };
  }

  /** Writes the central directory; the ZIP is complete after this. */
  end(): void {
    this.zip.end();
    this.throwIfFailed();
  }

  blob(): Blob {
    this.flush();
    return new Blob(this.parts, { type: 'application/zip' });
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.parts.push(new Blob(this.pending as BlobPart[]));
    this.pending = [];
    this.pendingBytes = 0;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
