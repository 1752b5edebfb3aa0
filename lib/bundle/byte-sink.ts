/** Where a bundle's bytes go, in order: a file on disk, a download, a hash. */
export interface ByteSink {
  write(chunk: Uint8Array | Blob): Promise<void>;
  close(): Promise<void>;
  /** Called when the export fails or is cancelled: drop what was written. */
  abort(): Promise<void>;
}

/**
 * Gathers the bundle as Blobs of about 1 MB each, which the browser may keep on disk, not as one
 * growing buffer; for downloads.
 */
export class BlobSink implements ByteSink {
  constructor(private readonly type = 'application/zip') {}
  private parts: Blob[] = [];
  private pending: (Uint8Array | Blob)[] = [];
  private pendingBytes = 0;

  async write(chunk: Uint8Array | Blob): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk instanceof Blob ? chunk.size : chunk.byteLength;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  async close(): Promise<void> {
    this.flush();
  }

  async abort(): Promise<void> {
    this.parts = [];
    this.pending = [];
  }

  /** The whole bundle, once closed. */
  blob(): Blob {
    this.flush();
    return new Blob(this.parts, { type: this.type });
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.parts.push(new Blob(this.pending as BlobPart[]));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** The subset of FileSystemWritableFileStream a sink needs (File System Access API). */
export interface WritableFile {
  write(data: BufferSource | Blob): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** Streams the bundle straight into a file the user picked, chunk by chunk. */
export class WritableFileSink implements ByteSink {
  constructor(private readonly file: WritableFile) {}
  write(chunk: Uint8Array | Blob): Promise<void> {
    return this.file.write(chunk instanceof Blob ? chunk : (chunk as BufferSource));
  }
  close(): Promise<void> {
    return this.file.close();
  }
  abort(): Promise<void> {
    return this.file.abort().catch(() => undefined);
  }
}
