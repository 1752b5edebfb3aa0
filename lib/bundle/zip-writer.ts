import { sha256 as sha256Sync } from '@noble/hashes/sha2.js';
import { deflateSync } from 'fflate';
import { toHex } from '../integrity/sha256';
import { crc32 } from '../zip/crc32';
import { FLAG_UTF8 } from '../zip/entry-name';
import { CENTRAL_HEADER_SIZE, END_RECORD_SIZE, LOCAL_HEADER_SIZE, SIG } from '../zip/zip-bytes';
import type { ByteSink } from './byte-sink';

/** Files smaller than this are stored even when compression is asked for. */
const MIN_DEFLATE_BYTES = 16 << 10;
/**
 * Deflate's level for the files that are compressed (reports, ledgers, page text): level 1 takes
 * about a third of level 6's time on the reports and ledgers for output a few per cent larger, and
 * this runs on the export's thread after the last image, where the writes wait for it.
 */
const DEFLATE_LEVEL = 1;
/** Bytes (headers, small files and references to stored images) gathered before one write to the sink. */
const BATCH_BYTES = 8 << 20;
/**
 * Files smaller than this are hashed in JavaScript (@noble/hashes): for a record of a few kB a
 * WebCrypto call costs more in its round trip than the hash itself.
 */
const SYNC_HASH_BYTES = 4 << 10;
/** Batches handed to the sink and not yet written, at most. */
const QUEUED_WRITES = 4;
/** Pieces smaller than this (headers, records) are joined with their neighbours before a write. */
const SMALL_PART_BYTES = 64 << 10;
/** Limits of a ZIP without Zip64 records. */
const MAX_OFFSET = 0xffff_ffff;
const MAX_ENTRIES = 0xffff;

/** What is kept with a stored image so that it can be written without reading it: its size and sums. */
export interface StoredSums {
  size: number;
  /** CRC-32 of the bytes (the ZIP header's checksum), unsigned. */
  crc32: number;
  /** SHA-256 of the bytes, lower-case hex (the manifest's). */
  sha256: string;
}

/** A file ready to go into the ZIP: its bytes as written (deflated or not), CRC-32, size and SHA-256. */
export interface PreparedFile {
  path: string;
  method: 0 | 8;
  crc32: number;
  /** What the entry holds: the deflated bytes when method is 8. */
  data: Uint8Array;
  /** Size of the file itself, before compression. */
  size: number;
  /** SHA-256 of the file itself (the manifest's), lower-case hex. */
  sha256: string;
}

/**
 * Hashes and (when asked and worth it) deflates one file, without writing it: what `add` writes is
 * exactly this, so a file prepared ahead is the same bytes in the ZIP as one added directly.
 */
export async function prepareFile(
  path: string,
  data: Blob | Uint8Array,
  compress: boolean,
): Promise<PreparedFile> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
  const digest =
    bytes.byteLength < SYNC_HASH_BYTES
      ? sha256Sync(bytes)
      : crypto.subtle.digest('SHA-256', bytes as BufferSource);
  // A deflate stream sets up ~300 kB of tables; for a file of a few kB that costs more than it
  // saves, so small files are stored (and so is a file deflate would not shrink).
  let deflated =
    compress && bytes.byteLength >= MIN_DEFLATE_BYTES
      ? deflateSync(bytes, { level: DEFLATE_LEVEL })
      : undefined;
  if (deflated && deflated.byteLength >= bytes.byteLength) deflated = undefined;
  const crc = crc32(bytes);
  const sha256 = toHex(digest instanceof Uint8Array ? digest : new Uint8Array(await digest));
  return {
    path,
    method: deflated ? 8 : 0,
    crc32: crc,
    data: deflated ?? bytes,
    size: bytes.byteLength,
    sha256,
  };
}

interface CentralRecord {
  name: Uint8Array;
  flags: number;
  method: 0 | 8;
  crc32: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const encoder = new TextEncoder();

/**
 * Streams files into a ZIP written to a sink (docs/bundle-format.md, "The ZIP"). Every entry's
 * CRC-32 and sizes are known before its data, so each local header carries them and no entry has
 * a data descriptor. Text is deflated, images are stored. An image already stored in the browser
 * is added as its Blob with the sums kept beside it (`addBlob`): its bytes go from the Blob to the
 * sink without passing through JavaScript. Writes are batched (one sink write per ~8 MB, a Blob
 * of the pieces), so memory stays bounded by one batch of headers and small files whatever the
 * bundle's size.
 */
export class ZipWriter {
  private readonly central: CentralRecord[] = [];
  private parts: (Uint8Array | Blob)[] = [];
  /** Headers and small files not yet joined into one piece of `parts`. */
  private small: Uint8Array[] = [];
  private smallBytes = 0;
  private partBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** Writes issued and not yet done, oldest first. */
  private queued: Promise<void>[] = [];
  private writeFailure: Error | undefined;
  private readonly dosTime: number;
  private readonly dosDate: number;
  /** Bytes produced so far (handed to the sink, or about to be in the current batch). */
  written = 0;
  /** Milliseconds spent waiting for the sink (a full write queue, the last write, close). */
  waitedMs = 0;

  constructor(
    private readonly sink: ByteSink,
    /** The entries' modification time (the export's time). */
    modified: Date = new Date(),
  ) {
    const year = Math.min(Math.max(modified.getFullYear(), 1980), 2107);
    this.dosDate = ((year - 1980) << 9) | ((modified.getMonth() + 1) << 5) | modified.getDate();
    this.dosTime = (modified.getHours() << 11) | (modified.getMinutes() << 5) | (modified.getSeconds() >> 1);
  }

  /**
   * Adds one file from bytes (a Blob is read first); `compress` deflates it. Returns its SHA-256
   * (hex) and size, computed from the bytes written.
   */
  async add(
    path: string,
    data: Blob | Uint8Array,
    compress: boolean,
  ): Promise<{ sha256: string; size: number }> {
    return this.addPrepared(await prepareFile(path, data, compress));
  }

  /** Adds a file whose bytes were hashed and compressed ahead (prepareFile), perhaps while earlier files were written. */
  async addPrepared(file: PreparedFile): Promise<{ sha256: string; size: number }> {
    this.entry(file.path, file.method, file.crc32, file.data, file.size);
    await this.flushIfFull();
    return { sha256: file.sha256, size: file.size };
  }

  /**
   * Adds a stored file from a Blob whose size, CRC-32 and SHA-256 are already known (kept when it
   * was stored): the local header is written from `sums`, then the Blob itself. Its bytes are not
   * read here, so the caller answers for `sums` matching them (the exporter checks each image).
   */
  async addBlob(path: string, blob: Blob, sums: StoredSums): Promise<{ sha256: string; size: number }> {
    if (blob.size !== sums.size)
      throw new Error(`${path}: the stored file has ${blob.size} bytes, its sums were kept for ${sums.size}`);
    this.entry(path, 0, sums.crc32, blob, sums.size);
    await this.flushIfFull();
    return { sha256: sums.sha256, size: sums.size };
  }

  /** Writes the central directory and closes the sink (unless cancelled); the ZIP is complete after this. */
  async end(signal?: AbortSignal): Promise<void> {
    const start = this.written;
    let size = 0;
    for (const e of this.central) size += CENTRAL_HEADER_SIZE + e.name.byteLength;
    const out = new Uint8Array(size + END_RECORD_SIZE);
    const view = new DataView(out.buffer);
    let at = 0;
    for (const e of this.central) {
      view.setUint32(at, SIG.centralHeader, true);
      view.setUint16(at + 4, 20, true); // made by: version 2.0, MS-DOS attributes
      view.setUint16(at + 6, 20, true); // needed to extract: 2.0
      this.writeCommon(view, at + 8, e);
      // Comment length, disk number, internal and external attributes: zero.
      view.setUint32(at + 42, e.offset, true);
      out.set(e.name, at + CENTRAL_HEADER_SIZE);
      at += CENTRAL_HEADER_SIZE + e.name.byteLength;
    }
    if (start + size > MAX_OFFSET) throw tooLarge();
    view.setUint32(at, SIG.endOfCentralDirectory, true);
    view.setUint16(at + 8, this.central.length, true);
    view.setUint16(at + 10, this.central.length, true);
    view.setUint32(at + 12, size, true);
    view.setUint32(at + 16, start, true);
    this.push(out);
    await this.flushIfFull(true);
    const t0 = performance.now();
    await this.inFlight;
    this.waitedMs += performance.now() - t0;
    // A cancel pressed while the last bytes were being written still wins: nothing is kept.
    signal?.throwIfAborted();
    await this.sink.close();
  }

  /** Queues one entry: its local header (with CRC-32 and sizes), then its data. */
  private entry(path: string, method: 0 | 8, crc: number, data: Uint8Array | Blob, size: number): void {
    const name = encoder.encode(path);
    const compressedSize = data instanceof Blob ? data.size : data.byteLength;
    const offset = this.written;
    if (offset + LOCAL_HEADER_SIZE + name.byteLength + compressedSize > MAX_OFFSET) throw tooLarge();
    if (this.central.length >= MAX_ENTRIES)
      throw new Error(`A bundle holds at most ${MAX_ENTRIES} files; export a narrower scope.`);
    // Bit 11 only when the name is not ASCII, as before: plain names stay readable by any tool.
    const flags = name.byteLength === path.length ? 0 : FLAG_UTF8;
    const record: CentralRecord = { name, flags, method, crc32: crc, compressedSize, size, offset };
    const header = new Uint8Array(LOCAL_HEADER_SIZE + name.byteLength);
    const view = new DataView(header.buffer);
    view.setUint32(0, SIG.localHeader, true);
    view.setUint16(4, 20, true);
    this.writeCommon(view, 6, record);
    header.set(name, LOCAL_HEADER_SIZE);
    this.central.push(record);
    this.push(header);
    this.push(data);
  }

  /** Flags, method, time, date, CRC-32, sizes, name length and a zero extra-field length. */
  private writeCommon(view: DataView, at: number, e: CentralRecord): void {
    view.setUint16(at, e.flags, true);
    view.setUint16(at + 2, e.method, true);
    view.setUint16(at + 4, this.dosTime, true);
    view.setUint16(at + 6, this.dosDate, true);
    view.setUint32(at + 8, e.crc32, true);
    view.setUint32(at + 12, e.compressedSize, true);
    view.setUint32(at + 16, e.size, true);
    view.setUint16(at + 20, e.name.byteLength, true);
    view.setUint16(at + 22, 0, true);
  }

  private push(part: Uint8Array | Blob): void {
    const n = part instanceof Blob ? part.size : part.byteLength;
    if (!n) return;
    if (part instanceof Blob || n >= SMALL_PART_BYTES) {
      this.joinSmall();
      this.parts.push(part);
    } else {
      this.small.push(part);
      this.smallBytes += n;
    }
    this.partBytes += n;
    this.written += n;
  }

  /**
   * Joins the headers and small files gathered since the last Blob into one piece: a Blob of a
   * few large pieces is written faster than one of hundreds of small ones.
   */
  private joinSmall(): void {
    if (!this.small.length) return;
    if (this.small.length === 1) this.parts.push(this.small[0]!);
    else {
      const joined = new Uint8Array(this.smallBytes);
      let at = 0;
      for (const p of this.small) {
        joined.set(p, at);
        at += p.byteLength;
      }
      this.parts.push(joined);
    }
    this.small = [];
    this.smallBytes = 0;
  }

  /**
   * Hands the current batch to the sink once it reaches BATCH_BYTES (or at the end), as one Blob
   * of its pieces: the browser copies in-memory pieces once and reads stored Blobs itself. A sink
   * write crosses into the browser process, so one write per batch, not one per header and file.
   * One write is in flight while the next batch is gathered.
   */
  private async flushIfFull(final = false): Promise<void> {
    if (this.writeFailure) throw this.writeFailure;
    if (this.partBytes < BATCH_BYTES && !(final && this.partBytes)) return;
    this.joinSmall();
    const joined = new Blob(this.parts as BlobPart[]);
    this.parts = [];
    this.partBytes = 0;
    // Writes are issued one after the other; up to QUEUED_WRITES wait their turn while the next
    // batch is gathered (each holds only headers, records and Blob handles, not image bytes).
    const t0 = performance.now();
    while (this.queued.length >= QUEUED_WRITES) await this.queued[0];
    const write = this.inFlight.then(() => this.sink.write(joined));
    // A failed write is reported at the next file or the end; no later write is issued.
    const settled = write.then(
      () => undefined,
      (e: unknown) => {
        this.writeFailure ??= e instanceof Error ? e : new Error(String(e));
      },
    );
    this.queued.push(settled);
    void settled.then(() => this.queued.shift());
    this.inFlight = write;
    if (final) await write;
    this.waitedMs += performance.now() - t0;
  }
}

const tooLarge = () =>
  new Error('A bundle larger than 4 GB cannot be written (ZIP without Zip64); export a narrower scope.');
